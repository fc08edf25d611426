import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import type { CartStore } from '../store/cart.store';
import { orderPlacedEvents } from './order-events';

export const ORDER_EVENTS_QUEUE = 'cart.order-events';

/** Empties the ordered lines of a checked-out cart. */
export function startOrderEventsConsumer(context: ConsumerContext, carts: CartStore): Promise<RunningConsumer> {
  return startConsumer({ ...context, queue: ORDER_EVENTS_QUEUE, ...orderPlacedEvents(carts) });
}
