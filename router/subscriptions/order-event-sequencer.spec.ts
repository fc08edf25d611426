import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OrderEvent } from './order-event';
import { OrderEventSequencer } from './order-event-sequencer';

const event = (orderId: string, sequence: number): OrderEvent => ({
  eventId: `${orderId}-${sequence}`,
  orderId,
  accountId: 'ana',
  status: `S${sequence}`,
  previousStatus: sequence > 1 ? `S${sequence - 1}` : null,
  sequence,
  occurredAt: '2026-05-01T10:00:00.000Z',
  placed: sequence === 1,
});

describe('OrderEventSequencer', () => {
  let released: string[];
  let gaps: string[];
  let sequencer: OrderEventSequencer;
  beforeEach(() => {
    vi.useFakeTimers();
    released = [];
    gaps = [];
    sequencer = new OrderEventSequencer(
      (e) => released.push(e.eventId),
      1_000,
      (orderId, { from, to }) => gaps.push(`${orderId}:${from}-${to}`),
    );
  });
  afterEach(() => vi.useRealTimers());

  it("holds an event that came ahead of the one before it (another relay's), and releases both in sequence", () => {
    sequencer.accept(event('a', 1));
    sequencer.accept(event('a', 3));
    sequencer.accept(event('b', 1)); // other orders do not wait
    sequencer.accept(event('a', 4));
    expect(released).toEqual(['a-1', 'b-1']);
    sequencer.accept(event('a', 2));
    expect(released).toEqual(['a-1', 'b-1', 'a-2', 'a-3', 'a-4']);
    expect(sequencer.waiting).toBe(0);
    vi.advanceTimersByTime(5_000);
    expect(gaps).toEqual([]);
  });

  it('goes on without a missing event after the wait, and sends it when it comes late', () => {
    sequencer.accept(event('a', 1));
    sequencer.accept(event('a', 3));
    vi.advanceTimersByTime(999);
    expect(released).toEqual(['a-1']);
    vi.advanceTimersByTime(1);
    expect(released).toEqual(['a-1', 'a-3']);
    expect(gaps).toEqual(['a:2-2']);
    sequencer.accept(event('a', 2));
    sequencer.accept(event('a', 4));
    expect(released).toEqual(['a-1', 'a-3', 'a-2', 'a-4']);
  });

  it('starts an order at the first event it sees, and passes events without a sequence through', () => {
    sequencer.accept(event('c', 7));
    sequencer.accept({ ...event('c', 0), eventId: 'c-none' });
    sequencer.accept(event('c', 8));
    expect(released).toEqual(['c-7', 'c-none', 'c-8']);
  });
});
