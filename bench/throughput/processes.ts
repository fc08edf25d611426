import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

// Every service the benchmark measures or needs runs as a process of its own, as in production: its CPU and
// memory are then its own, and its resident memory can be read from /proc.

export interface ServiceProcess {
  name: string;
  pid: number;
  /** SIGTERM, then (after 10 s) SIGKILL; resolves when it has exited. */
  stop: () => Promise<void>;
}

/** A port nobody listens on now (the OS picks it; released at once for the child to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Answers 2xx to a GET of this URL. */
export const answersGet = (url: string) => async () => (await fetch(url)).ok;

/** Starts `node [nodeArgs] <script>` with this environment added; waits until `ready` resolves true. */
export async function startServiceProcess(
  name: string,
  script: string,
  env: Record<string, string>,
  ready: () => Promise<boolean>,
  timeoutMs = 60_000,
  nodeArgs: string[] = [],
): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
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

/** Resident memory of a process in MB (VmRSS of /proc/<pid>/status; NaN where /proc is missing). */
export function residentMegabytes(pid: number): number {
  try {
    const kilobytes = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kilobytes ? Number(kilobytes) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
