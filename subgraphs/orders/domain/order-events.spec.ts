import { describe, expect, it } from 'vitest';
import { applyOrderEvent, domainEventTypeOf, replayOrder, type OrderEvent } from './order-events';
import { priceOrder } from './order-pricing';
import type { PlacedOrder } from './order-state';

const placed: PlacedOrder = {
  userId: 'u-1',
  currency: 'EUR',
  subtotalMinor: 2500,
  deliveryFeeMinor: 495,
  totalMinor: 2995,
  idempotencyKey: 'key-1',
  cartId: 'cart-1',
  delivery: null,
  giftMessage: 'Happy birthday',
  lines: [{ productId: 'p-1', productName: 'Roses', unitPriceMinor: 2500, quantity: 1 }],
};
const at = (minute: number) => new Date(Date.UTC(2026, 10, 29, 10, minute));
const event = (sequence: number, fields: Partial<OrderEvent>): OrderEvent => ({
  id: `e-${sequence}`,
  orderId: 'o-1',
  sequence,
  type: 'STATUS_CHANGED',
  status: 'PENDING',
  previousStatus: null,
  actorId: 'staff-1',
  actorRole: 'STAFF',
  note: null,
  occurredAt: at(sequence),
  payload: {},
  ...fields,
});
const history = [
  event(1, { type: 'ORDER_PLACED', status: 'PENDING', actorId: 'u-1', actorRole: 'CUSTOMER', payload: placed }),
  event(2, { status: 'CONFIRMED', previousStatus: 'PENDING' }),
  event(3, { status: 'PREPARING', previousStatus: 'CONFIRMED' }),
];

describe('order event log projection', () => {
  it('rebuilds the current order from its events, in sequence order whatever order they come in', () => {
    const order = replayOrder([history[2], history[0], history[1]]);
    expect(order).toEqual({ ...placed, id: 'o-1', status: 'PREPARING', version: 3, placedAt: at(1), updatedAt: at(3) });
    expect(replayOrder([])).toBeNull();
  });

  it('refuses a gap, a repeat, a change before placing and a change from the wrong status', () => {
    const afterPlacing = applyOrderEvent(null, history[0]);
    expect(() => applyOrderEvent(afterPlacing, history[2])).toThrow(/event 3 applied where 2 was expected/);
    expect(() => applyOrderEvent(afterPlacing, { ...history[0], sequence: 2 })).toThrow(/placed twice/);
    expect(() => applyOrderEvent(null, { ...history[1], sequence: 1 })).toThrow(/before it was placed/);
    expect(() => applyOrderEvent(afterPlacing, { ...history[2], sequence: 2 })).toThrow(/from CONFIRMED applied to an order PENDING/);
  });

  it('names the domain event of each change after the status it reaches', () => {
    expect(history.map(domainEventTypeOf)).toEqual(['orders.order.placed', 'orders.order.confirmed', 'orders.order.preparing']);
    expect(domainEventTypeOf({ type: 'STATUS_CHANGED', status: 'OUT_FOR_DELIVERY' })).toBe('orders.order.out_for_delivery');
  });
});

describe('order pricing', () => {
  it('charges delivery below the threshold and not from it', () => {
    expect(priceOrder([{ unitPriceMinor: 1250, quantity: 2 }])).toEqual({ subtotalMinor: 2500, deliveryFeeMinor: 495, totalMinor: 2995 });
    expect(priceOrder([{ unitPriceMinor: 2500, quantity: 2 }])).toEqual({ subtotalMinor: 5000, deliveryFeeMinor: 0, totalMinor: 5000 });
  });

  it('refuses a total too large to store as a typed error', () => {
    expect(() => priceOrder([{ unitPriceMinor: 1_000_000_000, quantity: 3 }])).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  });
});
