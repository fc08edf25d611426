import { describe, expect, it } from 'vitest';
import { onTracingShutdown, shutdownTracing } from './shutdown';

describe('shutdownTracing', () => {
  it('does nothing while tracing is off', async () => {
    await expect(shutdownTracing(10)).resolves.toBeUndefined();
  });

  it('waits for the flush once, and no longer than its limit when the collector does not answer', async () => {
    let calls = 0;
    onTracingShutdown(() => {
      calls++;
      return new Promise(() => {}); // never settles
    });
    const started = Date.now();
    await shutdownTracing(50);
    expect(Date.now() - started).toBeLessThan(1_000);
    await shutdownTracing(50);
    expect(calls).toBe(1);
  });

  it('does not fail the exit when the flush fails', async () => {
    onTracingShutdown(() => Promise.reject(new Error('collector down')));
    await expect(shutdownTracing(1_000)).resolves.toBeUndefined();
  });
});
