import { z } from 'zod';

/**
 * The router's own queue of order events (router.order-events.<instance id>): it keeps the events published while
 * the router is cut off from RabbitMQ, so its subscribers get them once it is back.
 */
export const orderEventsQueueEnv = {
  /** The broker deletes a router's queue once unused this long (the router crashed and never came back). */
  ROUTER_ORDER_EVENTS_QUEUE_EXPIRES_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600)
    .default(300),
  /** Events one router's queue keeps at most while it is away; past it the oldest are dropped. */
  ROUTER_ORDER_EVENTS_QUEUE_MAX_LENGTH: z.coerce.number().int().min(100).max(10_000_000).default(10_000),
};
