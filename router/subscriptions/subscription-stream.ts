import type { ExecutionResult } from 'graphql';

/**
 * What graphql-ws iterates for one subscription. Events do not pass through it: the fan-out writes them to the
 * socket as prepared frames. It stays pending while the subscription runs and yields at most one result, the one
 * that ends it (an expired token), after which graphql-ws sends `complete`.
 */
export class SubscriptionStream implements AsyncIterableIterator<ExecutionResult> {
  private last: ExecutionResult | undefined;
  /** No more events: finished, or the client left. */
  private ended = false;
  /** The client completed the subscription or its socket closed: nothing more is sent. */
  private left = false;
  private waiting: ((result: IteratorResult<ExecutionResult>) => void) | null = null;

  /** `onEnd` runs once, when the subscription stops taking events (the fan-out forgets it). */
  constructor(private readonly onEnd: () => void) {}

  /** Whether the client still takes results. */
  get open(): boolean {
    return !this.left;
  }

  /** Ends the subscription, optionally with a last result (sent before `complete`). */
  finish(last?: ExecutionResult): void {
    if (this.ended) return;
    this.ended = true;
    this.last = last;
    this.onEnd();
    this.wake();
  }

  next(): Promise<IteratorResult<ExecutionResult>> {
    const ready = this.settled();
    return ready ? Promise.resolve(ready) : new Promise((resolve) => (this.waiting = resolve));
  }

  /** The client completed or went away. */
  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.left = true;
    this.last = undefined;
    if (!this.ended) {
      this.ended = true;
      this.onEnd();
    }
    this.wake();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private settled(): IteratorResult<ExecutionResult> | null {
    if (this.last) {
      const value = this.last;
      this.last = undefined;
      return { done: false, value };
    }
    return this.ended ? { done: true, value: undefined } : null;
  }

  private wake(): void {
    const waiting = this.waiting;
    const ready = waiting && this.settled();
    if (!waiting || !ready) return;
    this.waiting = null;
    waiting(ready);
  }
}
