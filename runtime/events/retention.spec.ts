import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { startRetentionSweeper } from './retention';

const logger = createLogger('retention-test', 'silent');

/** A store of `count` records, `prune` deleting at most `limit` of them per call. */
function store(count: number) {
  const calls: Array<{ cutoff: Date; limit: number }> = [];
  let left = count;
  return {
    calls,
    left: () => left,
    prune: async (cutoff: Date, limit: number) => {
      calls.push({ cutoff, limit });
      const deleted = Math.min(limit, left);
      left -= deleted;
      return deleted;
    },
  };
}

describe('the retention sweeper', () => {
  it('deletes in batches until a batch comes back short, with the cutoff of the retention period', async () => {
    const records = store(25);
    const sweeper = startRetentionSweeper('records', records.prune, { retentionMs: 3_600_000, batchSize: 10, firstSweepWithinMs: 60_000 }, logger);
    const before = Date.now();
    expect(await sweeper.sweep()).toBe(25);
    await sweeper.stop();
    expect(records.calls.map((call) => call.limit)).toEqual([10, 10, 10]);
    const cutoff = records.calls[0].cutoff.getTime();
    expect(cutoff).toBeGreaterThanOrEqual(before - 3_600_000);
    expect(cutoff).toBeLessThanOrEqual(Date.now() - 3_600_000);
  });

  it('stops a sweep after maxBatches; the next sweep goes on', async () => {
    const records = store(100);
    const sweeper = startRetentionSweeper('records', records.prune, { retentionMs: 1_000, batchSize: 10, maxBatches: 3, firstSweepWithinMs: 60_000 }, logger);
    expect(await sweeper.sweep()).toBe(30);
    expect(await sweeper.sweep()).toBe(30);
    await sweeper.stop();
    expect(records.left()).toBe(40);
  });

  it('sweeps soon after start and then every interval; a failing sweep is retried at the next one', async () => {
    let calls = 0;
    const sweeper = startRetentionSweeper(
      'records',
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('database away');
        return 0;
      },
      { retentionMs: 1_000, intervalMs: 50, firstSweepWithinMs: 10 },
      logger,
    );
    const deadline = Date.now() + 5_000;
    while (calls < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await sweeper.stop();
    expect(calls).toBeGreaterThanOrEqual(3);
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls).toBe(after); // stopped: no more sweeps
  });

  it('stops at once, without waiting out the interval', async () => {
    const sweeper = startRetentionSweeper('records', async () => 0, { retentionMs: 1_000, intervalMs: 3_600_000 }, logger);
    const started = Date.now();
    await sweeper.stop();
    expect(Date.now() - started).toBeLessThan(500);
  });
});
