import { describe, expect, it } from 'vitest';
import { answerDeadline, stillAwaited } from './answer-deadline';

describe("a caller's answer deadline (x-expected-timeout-ms)", () => {
  it('counts the milliseconds the caller waits from when the call was received', () => {
    expect(answerDeadline('5000', 100)).toBe(5100);
    expect(answerDeadline(['250', '9000'], 0)).toBe(250);
  });

  it('is no deadline when the caller said none, or nothing a count of milliseconds', () => {
    for (const header of [undefined, '', 'soon', '-5', '0', '1.5', '1e400']) expect(answerDeadline(header, 0)).toBeUndefined();
  });

  it('tells whether the caller still waits a margin from now', () => {
    const now = performance.now();
    expect(stillAwaited(undefined, 1_000)).toBe(true);
    expect(stillAwaited(now + 60_000, 1_000)).toBe(true);
    expect(stillAwaited(now + 500, 1_000)).toBe(false);
    expect(stillAwaited(now - 1, 0)).toBe(false);
  });
});
