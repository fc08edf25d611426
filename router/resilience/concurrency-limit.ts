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
 */
export class ConcurrencyLimit {
  private inFlight = 0;
  private readonly waiting: Waiter[] = [];

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
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        priority,
        admit: () => {
          clearTimeout(waiter.timer);
          this.inFlight += 1;
          resolve();
        },
        timer: setTimeout(
          () => {
            this.waiting.splice(this.waiting.indexOf(waiter), 1);
            reject(new SubgraphBusy(priority));
          },
          priority === 'write' ? this.policy.writeWaitMs : this.policy.readWaitMs,
        ),
      };
      // Writes go ahead of every waiting read, behind earlier writes.
      const firstRead = this.waiting.findIndex((other) => other.priority === 'read');
      if (priority === 'write' && firstRead >= 0) this.waiting.splice(firstRead, 0, waiter);
      else this.waiting.push(waiter);
    });
  }

  private release(): void {
    this.inFlight -= 1;
    const next = this.waiting.findIndex((waiter) => this.inFlight < this.capacity(waiter.priority));
    if (next >= 0) this.waiting.splice(next, 1)[0].admit();
  }
}
