import { readdirSync, readFileSync } from 'node:fs';
import { cpuSeconds, residentMegabytes } from './processes';

/** What one process (or group of processes) used during a measured window. */
export interface ProcessUsage {
  name: string;
  cpuSeconds: number;
  /** The highest resident memory sampled during the window (of a group: its largest process, since they share memory). */
  peakRssMb: number;
}

/** A process, or several counted as one (a PostgreSQL server and its backends). */
export type WatchedProcess = { name: string; pid: number } | { name: string; pids: number[] };

export interface UsageWatch {
  /** Ends the window: CPU used since it began and the peak memory sampled, per process, in the order given. */
  stop: () => ProcessUsage[];
}

const pidsOf = (watched: WatchedProcess) => ('pids' in watched ? watched.pids : [watched.pid]);
/** The largest of what could be read (NaN when nothing could). */
const largest = (values: number[]) => {
  const read = values.filter((value) => !Number.isNaN(value));
  return read.length === 0 ? NaN : Math.max(...read);
};

/** The sum of what could be read (NaN when nothing could: the process is gone). */
const sum = (values: number[]) => {
  const read = values.filter((value) => !Number.isNaN(value));
  return read.length === 0 ? NaN : read.reduce((total, value) => total + value, 0);
};

/**
 * Watches processes over a window: CPU seconds (utime + stime deltas from /proc) and resident memory sampled
 * every `sampleMs` (VmRSS). Reading /proc costs the harness a few microseconds per process per sample. A
 * process of a group that exits during the window takes its CPU with it (the group's figure is then low).
 */
export function watchProcesses(processes: WatchedProcess[], sampleMs = 250): UsageWatch {
  const cpuOf = (watched: WatchedProcess) => pidsOf(watched).map(cpuSeconds);
  const rssOf = (watched: WatchedProcess) => largest(pidsOf(watched).map(residentMegabytes));
  const started = processes.map(cpuOf);
  const peaks = processes.map(rssOf);
  const sample = () => processes.forEach((watched, index) => (peaks[index] = Math.max(peaks[index], rssOf(watched))));
  const sampler = setInterval(sample, sampleMs);
  return {
    stop: () => {
      clearInterval(sampler);
      sample();
      return processes.map((watched, index) => {
        const now = cpuOf(watched);
        // Per process: one that exited meanwhile (NaN now) counts nothing rather than making the group NaN.
        const used = now.map((seconds, at) => seconds - started[index][at]);
        return { name: watched.name, cpuSeconds: sum(used), peakRssMb: peaks[index] };
      });
    },
  };
}

/** The stores' processes on this machine, by the command names their servers run as. */
const STORE_COMMANDS: Record<string, string> = {
  postgres: 'postgresql (all processes)',
  ferretdb: 'ferretdb',
  'redis-server': 'redis',
  'beam.smp': 'rabbitmq',
};

/**
 * The stores the services use, found by command name in /proc, as process groups to watch. They serve whatever
 * else runs on the machine too: a benchmark run alone is what makes their figures its own.
 */
export function storeProcesses(): WatchedProcess[] {
  const found = new Map<string, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let command: string;
    try {
      command = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      continue; // gone meanwhile
    }
    const name = STORE_COMMANDS[command];
    if (name) found.set(name, [...(found.get(name) ?? []), Number(entry)]);
  }
  return [...found].map(([name, pids]) => ({ name, pids }));
}
