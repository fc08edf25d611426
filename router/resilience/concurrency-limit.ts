/** Calls for writes (mutations and what serves them) come before reads when a subgraph is busy. */
export type CallPriority = 'write' | 'read';

export interface ConcurrencyPolicy {
  /** Calls in flight to the subgraph at once. */
  maxInFlight: number;
  /** Share of those slots reads may take: the rest is kept for writes (a cart change, a checkout). */
  readShare: number;
  /** How long a call may wait for a slot: reads are refused after `readWaitMs`, writes after `writeWaitMs`. */
  readWaitMs: number;
  writeWaitMs: number;
  /** Calls that may wait at once; past it a read is refused at once (a write still waits). */
  maxWaiting: number;
}

/**
 * The share of its wait a read is given while the line stands (it has not been empty for a whole read wait): a line
 * that does not empty is overload, not a burst, and waiting the whole wait there only makes the refusal late.
 */
const STANDING_LINE_WAIT_SHARE = 0.1;

/** Thrown when a call got no slot: the subgraph is busy; the caller should come back after `retryAfterSeconds`. */
export class SubgraphBusy extends Error {
  constructor(readonly priority: CallPriority) {
    super('no free slot');
  }
}

interface Waiter {
  priority: CallPriority;
  admit: () => void;
  timer: NodeJS.Timeout;
}

/**
 * A subgraph's calls in flight, bounded: the router sheds load before a subgraph drowns. A call takes a slot
 * or waits in line for one; reads may take only their share of the slots and give up first, so browsing is
 * shed before cart changes and checkouts, which wait longer and jump the line. Everything here is in memory
 * and synchronous, so a refusal costs nothing (no subgraph is called, the breaker counts nothing).
 *
 * The line is a controlled delay (as CoDel, and Facebook's servers after it): a read waits its whole wait only
 * while the line was empty at some moment of the last wait (a burst, which the wait absorbs); once it stands
 * longer than that, a read waits a tenth of it, so under overload reads are refused in milliseconds instead of
 * each waiting to be refused. Slots still go to whoever waits when they free, so none is left idle.
 */
export class ConcurrencyLimit {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];
  /** When the line was last empty (performance.now()): when it emptied, or when its first waiter joined it. */
  private lineEmptyAt = performance.now();

  constructor(private readonly policy: ConcurrencyPolicy) {}

  get active(): number {
    return this.inFlight;
  }

  /** Calls waiting in line for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `call` once it has a slot; throws SubgraphBusy when it gets none in time. */
  async run<T>(priority: CallPriority, call: () => Promise<T>): Promise<T> {
    await this.acquire(priority);
    try {
      return await call();
    } finally {
      this.release();
    }
  }

  /** Takes a slot (throws SubgraphBusy when none comes in time); the function returned gives it back, once. */
  async enter(priority: CallPriority): Promise<() => void> {
    await this.acquire(priority);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.release();
    };
  }

  private capacity(priority: CallPriority): number {
    return priority === 'write' ? this.policy.maxInFlight : Math.max(1, Math.floor(this.policy.maxInFlight * this.policy.readShare));
  }

  private acquire(priority: CallPriority): Promise<void> {
    if (this.inFlight < this.capacity(priority) && !this.waiting.some((waiter) => waiter.priority === 'write' || priority === 'read')) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    if (priority === 'read' && this.waiting.length >= this.policy.maxWaiting) return Promise.reject(new SubgraphBusy(priority));
    const now = performance.now();
    if (this.waiting.length === 0) this.lineEmptyAt = now; // empty until this one joins
    const waitMs = priority === 'write' ? this.policy.writeWaitMs : this.readWaitMs(now);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        admit: () => {
          clearTimeout(waiter.timer);
          this.inFlight += 1;
          resolve();
        },
        timer: setTimeout(() => {
          this.leaveLine(waiter);
          reject(new SubgraphBusy(priority));
        }, waitMs),
      };
      // Writes go ahead of every waiting read, behind earlier writes.
      const firstRead = this.waiting.findIndex((other) => other.priority === 'read');
      if (priority === 'write' && firstRead >= 0) this.waiting.splice(firstRead, 0, waiter);
      else this.waiting.push(waiter);
    });
  }

  /** A read's wait: whole while the line was empty within the last whole wait, a tenth of it while it stands. */
  private readWaitMs(now: number): number {
    return now - this.lineEmptyAt > this.policy.readWaitMs ? this.policy.readWaitMs * STANDING_LINE_WAIT_SHARE : this.policy.readWaitMs;
  }

  private leaveLine(waiter: Waiter): void {
    this.waiting.splice(this.waiting.indexOf(waiter), 1);
    if (this.waiting.length === 0) this.lineEmptyAt = performance.now();
  }

  private release(): void {
    this.inFlight -= 1;
    const next = this.waiting.find((waiter) => this.inFlight < this.capacity(waiter.priority));
    if (!next) return;
    this.leaveLine(next);
    next.admit();
  }
}
