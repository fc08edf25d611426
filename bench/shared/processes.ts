import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/support/free-port';

export { freePort };

// Every service the benchmark measures or needs runs as a process of its own, as in production: its CPU and
// memory are then its own, and its resident memory can be read from /proc.

export interface ServiceProcess {
  name: string;
  pid: number;
  /** SIGTERM, then (after 10 s) SIGKILL; resolves when it has exited. */
  stop: () => Promise<void>;
}

/** Answers 2xx to a GET of this URL. */
export const answersGet = (url: string) => async () => (await fetch(url)).ok;

/**
 * Starts `node <nodeFlags> <script>` with this environment added; waits until `ready` resolves true. Our own
 * services get the flags they start with in production (runtime/service-node-flags.ts); the baselines none.
 */
export async function startServiceProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: () => Promise<boolean>,
  nodeFlags: readonly string[] = [],
  timeoutMs = 60_000,
): Promise<ServiceProcess> {
  const log = logFile(name);
  const child: ChildProcess = spawn(process.execPath, [...nodeFlags, ...profilingFlags(name), script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', log, 'pipe'],
  });
  closeSync(log); // the child has its own copy
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  const stop = async () => {
    if (gone) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`${name} exited during start (${child.exitCode ?? child.signalCode}):\n${stderr.join('')}`);
    try {
      if (await ready()) return { name, pid: child.pid!, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${stderr.join('')}`);
}

let logDirectory: string | undefined;

/**
 * Where a process's standard output (its log, warnings and errors only) goes: `<BENCH_LOG_DIR>/<name>.log`
 * (appended), or a new temporary directory of this run, named once on standard error: an error a service
 * answered once in a run can be looked up afterwards. Its standard error is always kept for a failed start.
 */
function logFile(name: string): number {
  if (logDirectory === undefined) {
    logDirectory = process.env.BENCH_LOG_DIR ?? mkdtempSync(join(tmpdir(), 'flores-bench-logs-'));
    console.error(`[bench] the services' logs: ${logDirectory}`);
  }
  return openSync(join(logDirectory, `${name}.log`), 'a');
}

/** A memory line of /proc/<pid>/status in MB (NaN where /proc or the process is missing). */
function statusMegabytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const kilobytes = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kilobytes ? Number(kilobytes) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Resident memory of a process now, in MB (VmRSS). */
export const residentMegabytes = (pid: number) => statusMegabytes(pid, 'VmRSS');

/** The highest resident memory of a process since it started, in MB (VmHWM: the kernel's own high-water mark). */
export const peakResidentMegabytes = (pid: number) => statusMegabytes(pid, 'VmHWM');

/** /proc/<pid>/stat counts CPU time in clock ticks of USER_HZ, which Linux fixes at 100 a second for user space. */
const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far, user and system (utime + stime of /proc/<pid>/stat; NaN when unreadable). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one. Field 3
    // (state) is the first after it, so utime (14) and stime (15) are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/**
 * BENCH_PROFILE=<name prefix>[,<prefix>…] starts the matching processes with V8's CPU profiler; each
 * writes `<name>-<time>.cpuprofile` into BENCH_PROFILE_DIR (default: the working directory) when it stops.
 */
function profilingFlags(name: string): string[] {
  const wanted = (process.env.BENCH_PROFILE ?? '').split(',').filter((prefix) => prefix !== '');
  if (!wanted.some((prefix) => name.startsWith(prefix))) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR ?? '.'}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`];
}

/** Interrupted (Ctrl-C, a kill), a benchmark stops what it started rather than leave its processes behind. */
export function stopOnInterrupt(stop: () => Array<Promise<unknown> | undefined>): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void Promise.allSettled(stop().filter((stopping) => stopping !== undefined)).finally(() => process.exit(1)));
  }
}
