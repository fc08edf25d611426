import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/** What setting a process's CPU priority did: applied, or why not (the process runs on at its priority). */
export type PriorityOutcome = { applied: true } | { applied: false; reason: string };

/**
 * Gives every thread of process `pid` the scheduling priority `nice` (-20 first to 19 last). On Linux a priority
 * belongs to a thread, and V8's helper threads (compiler, garbage collector) exist before any of our code runs, so
 * each thread in /proc/<pid>/task is set; threads started later inherit it from the thread that starts them. A
 * priority above the present one needs CAP_SYS_NICE (root, or a container granted it): without it nothing changes
 * and the reason is returned, never thrown.
 */
export function setCpuPriority(pid: number, nice: number): PriorityOutcome {
  try {
    for (const thread of threadsOf(pid)) setPriority(thread, nice);
    return { applied: true };
  } catch (error) {
    // os.setPriority throws a SystemError whose `info.code` is the system's (EACCES, EPERM, ESRCH).
    const failure = error as NodeJS.ErrnoException & { info?: { code?: string } };
    return { applied: false, reason: failure.info?.code ?? failure.code ?? String(error) };
  }
}

/** The threads of a process (Linux), or the process alone where /proc has no task list. */
export function threadsOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number);
  } catch {
    return [pid];
  }
}
