import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConcurrencyLimit, SubgraphBusy, type ConcurrencyPolicy } from './concurrency-limit';

const policy = (overrides: Partial<ConcurrencyPolicy> = {}): ConcurrencyPolicy => ({
  maxInFlight: 4,
  readShare: 0.5,
  readWaitMs: 50,
  writeWaitMs: 1_000,
  maxWaiting: 2,
  ...overrides,
});

/** A call that stays in flight until `finish` is called. */
function held() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { call: () => done.then(() => 'done'), finish };
}

const settled = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

describe('a subgraph concurrency limit', () => {
  it('lets reads take only their share of the slots, keeping the rest for writes', async () => {
    const limit = new ConcurrencyLimit(policy({ maxWaiting: 0 }));
    const calls = [held(), held(), held(), held()];
    const reads = [limit.run('read', calls[0].call), limit.run('read', calls[1].call)];
    const shed = await settled(limit.run('read', async () => 'never'));
    expect((shed as { error: unknown }).error).toBeInstanceOf(SubgraphBusy);
    const writes = [limit.run('write', calls[2].call), limit.run('write', calls[3].call)];
    expect(limit.active).toBe(4);
    calls.forEach((call) => call.finish());
    expect(await Promise.all([...reads, ...writes])).toEqual(['done', 'done', 'done', 'done']);
    expect(limit.active).toBe(0);
  });

  it('sheds a waiting read after its wait, and a read at once when the line is full', async () => {
    const limit = new ConcurrencyLimit(policy({ maxInFlight: 2, maxWaiting: 1 }));
    const busy = held();
    const running = limit.run('read', busy.call);
    const started = Date.now();
    const waited = settled(limit.run('read', async () => 'late'));
    const refusedAtOnce = await settled(limit.run('read', async () => 'never'));
    expect((refusedAtOnce as { error: SubgraphBusy }).error.priority).toBe('read');
    expect((await waited) as { error: unknown }).toMatchObject({ error: expect.any(SubgraphBusy) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    busy.finish();
    await running;
  });

  it('lets a waiting write go before reads that waited longer, and never sheds a write for a full line', async () => {
    const limit = new ConcurrencyLimit(policy({ maxInFlight: 1, readShare: 1, readWaitMs: 1_000, maxWaiting: 1 }));
    const order: string[] = [];
    const first = held();
    const running = limit.run('read', first.call);
    const read = limit.run('read', async () => void order.push('read'));
    const write = limit.run('write', async () => void order.push('write'));
    first.finish();
    await Promise.all([running, read, write]);
    expect(order).toEqual(['write', 'read']);
  });

  it('refuses a write that waited its whole wait', async () => {
    const limit = new ConcurrencyLimit(policy({ maxInFlight: 1, writeWaitMs: 30 }));
    const busy = held();
    const running = limit.run('write', busy.call);
    const refused = await settled(limit.run('write', async () => 'never'));
    expect((refused as { error: SubgraphBusy }).error.priority).toBe('write');
    busy.finish();
    await running;
    expect(await limit.run('write', async () => 'free again')).toBe('free again');
  });

  it('gives the slot back when a call fails', async () => {
    const limit = new ConcurrencyLimit(policy({ maxInFlight: 1 }));
    await expect(limit.run('write', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(limit.active).toBe(0);
  });

  describe('under a standing line (controlled delay)', () => {
    beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
    afterEach(() => vi.useRealTimers());

    /** Whether the promise has settled, without waiting for it. */
    const watch = <T>(promise: Promise<T>) => {
      const state = { settled: false, outcome: settled(promise) };
      void state.outcome.then(() => (state.settled = true));
      return state;
    };

    it('gives a read a tenth of its wait once the line has not been empty for a whole wait, and the whole wait again once it empties', async () => {
      const limit = new ConcurrencyLimit(policy({ maxInFlight: 1, readShare: 1, readWaitMs: 200, writeWaitMs: 1_000, maxWaiting: 10 }));
      const busy = held();
      const running = limit.run('read', busy.call);
      const burst = watch(limit.run('read', async () => 'never')); // the line was empty: the whole wait
      await vi.advanceTimersByTimeAsync(100);
      const write = limit.run('write', async () => 'written'); // waits too: the line stands on
      await vi.advanceTimersByTimeAsync(99);
      expect(burst.settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await burst.outcome).toMatchObject({ error: expect.any(SubgraphBusy) });

      await vi.advanceTimersByTimeAsync(50); // the line has stood for 250 ms
      const standing = watch(limit.run('read', async () => 'never'));
      await vi.advanceTimersByTimeAsync(19);
      expect(standing.settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await standing.outcome).toMatchObject({ error: expect.any(SubgraphBusy) });

      busy.finish(); // the write takes the slot: the line is empty again
      expect(await write).toBe('written');
      await running;
      const next = held();
      const taken = limit.run('read', next.call);
      const afterEmpty = watch(limit.run('read', async () => 'never'));
      await vi.advanceTimersByTimeAsync(199);
      expect(afterEmpty.settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await afterEmpty.outcome).toMatchObject({ error: expect.any(SubgraphBusy) });
      next.finish();
      await taken;
    });

    it('gives the whole wait to a read that joins a line just started, by a write or a read, however long it was empty before', async () => {
      const limit = new ConcurrencyLimit(policy({ maxInFlight: 1, readShare: 1, readWaitMs: 200, writeWaitMs: 1_000, maxWaiting: 10 }));
      await vi.advanceTimersByTimeAsync(5_000); // empty all along
      const busy = held();
      const running = limit.run('read', busy.call);
      const write = limit.run('write', async () => 'written'); // the first in line
      const read = watch(limit.run('read', async () => 'never'));
      await vi.advanceTimersByTimeAsync(199);
      expect(read.settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await read.outcome).toMatchObject({ error: expect.any(SubgraphBusy) });
      busy.finish();
      await running;
      expect(await write).toBe('written');
    });

    it('still gives a freed slot to a read waiting in a standing line', async () => {
      const limit = new ConcurrencyLimit(policy({ maxInFlight: 1, readShare: 1, readWaitMs: 200, writeWaitMs: 1_000, maxWaiting: 10 }));
      const busy = held();
      const running = limit.run('read', busy.call);
      const write = limit.run('write', async () => 'written');
      await vi.advanceTimersByTimeAsync(250);
      const read = watch(limit.run('read', async () => 'read')); // its wait is short, but a slot frees within it
      busy.finish();
      await running;
      expect(await write).toBe('written');
      expect(await read.outcome).toEqual({ value: 'read' });
    });
  });
});
