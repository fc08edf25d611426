import { cpuSeconds, residentMegabytes } from './processes';

/** What one process used during a measured window. */
export interface ProcessUsage {
  name: string;
  cpuSeconds: number;
  /** The highest resident memory sampled during the window. */
  peakRssMb: number;
}

export interface UsageWatch {
  /** Ends the window: CPU used since it began and the peak memory sampled, per process, in the order given. */
  stop: () => ProcessUsage[];
}

/**
 * Watches processes over a window: CPU seconds (utime + stime deltas from /proc) and resident memory sampled
 * every `sampleMs` (VmRSS). Reading /proc costs the harness a few microseconds per process per sample.
 */
export function watchProcesses(processes: Array<{ name: string; pid: number }>, sampleMs = 250): UsageWatch {
  const started = processes.map(({ pid }) => cpuSeconds(pid));
  const peaks = processes.map(({ pid }) => residentMegabytes(pid));
  const sample = () => processes.forEach(({ pid }, index) => (peaks[index] = Math.max(peaks[index], residentMegabytes(pid))));
  const sampler = setInterval(sample, sampleMs);
  return {
    stop: () => {
      clearInterval(sampler);
      sample();
      return processes.map(({ name, pid }, index) => ({ name, cpuSeconds: cpuSeconds(pid) - started[index], peakRssMb: peaks[index] }));
    },
  };
}
