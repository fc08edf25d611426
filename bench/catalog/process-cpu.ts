import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in milliseconds; 0 for one that is gone. */
export function cpuMillis(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU time of several processes, each read now: pass it back to `cpuSince` for what they used since. */
export const cpuSnapshot = (pids: readonly number[]) => new Map(pids.map((pid) => [pid, cpuMillis(pid)] as const));

/** CPU used since the snapshot by the processes still running (a PostgreSQL backend may exit meanwhile: its part is lost, not negative). */
export function cpuSince(snapshot: ReadonlyMap<number, number>): number {
  let used = 0;
  for (const [pid, before] of snapshot) used += Math.max(0, cpuMillis(pid) - before);
  return used;
}
