import type { ExecutionResult } from 'graphql';

/**
 * One subscriber's stream: results are pushed as promises in event order and handed out in that order
 * (a slow hydration never lets a later event overtake it); a promise of null is skipped (nothing to deliver).
 */
export class ResultQueue implements AsyncIterableIterator<ExecutionResult> {
  private readonly pending: Array<Promise<ExecutionResult | null>> = [];
  private waiting: (() => void) | null = null;
  private ended = false;

  constructor(private readonly onEnd: () => void) {}

  push(result: Promise<ExecutionResult | null>): void {
    if (this.ended) return;
    this.pending.push(result);
    this.wake();
  }

  /** Ends the stream after what was already pushed, optionally with a last result (an error). */
  finish(last?: ExecutionResult): void {
    if (this.ended) return;
    if (last) this.pending.push(Promise.resolve(last));
    this.pending.push(Promise.resolve(END));
    this.ended = true;
    this.onEnd();
    this.wake();
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      const head = this.pending.shift();
      if (!head) {
        if (this.ended) return { done: true, value: undefined };
        await new Promise<void>((resolve) => (this.waiting = resolve));
        continue;
      }
      const result = await head.catch(() => null);
      if (result === END) return { done: true, value: undefined };
      if (result) return { done: false, value: result };
    }
  }

  /** The client completed or went away. */
  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.pending.length = 0;
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

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }
}

const END: ExecutionResult = Object.freeze({});
