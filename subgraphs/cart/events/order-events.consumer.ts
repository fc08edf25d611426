import { startConsumer, type ConsumerSettings, type RunningConsumer } from '../../../runtime/events/consumer';
import { droppingMalformed } from '../../../runtime/events/malformed-event';
import type { Registry } from 'prom-client';
import type { Logger } from '../../../runtime/logger';
import type { CartStore } from '../store/cart.store';
import { handleOrderPlaced, ORDER_PLACED } from './order-events';

export const ORDER_EVENTS_QUEUE = 'cart.order-events';

/** Empties the ordered lines of a checked-out cart. */
export function startOrderEventsConsumer(url: string, carts: CartStore, logger: Logger, registry?: Registry, settings: ConsumerSettings = {}): Promise<RunningConsumer> {
  return startConsumer({
    url,
    queue: ORDER_EVENTS_QUEUE,
    bindings: [ORDER_PLACED],
    logger,
    registry,
    ...settings,
    handle: droppingMalformed(logger, 'order placement', (event) => handleOrderPlaced(event, carts)),
  });
}
