import { z } from 'zod';
import { eventContract, type PayloadOf } from './event-contract';
import { entityId, isoTime } from './fields';

/**
 * A product's approved rating may have changed: the rating computed when published (the reviews' MongoDB rating
 * outbox; the envelope's `occurredAt` is `asOf`). Consumed by the catalog (its RATING sort, `catalog.rating-events`),
 * the other reviews replicas (a queue of its own each) and the routers' cache invalidation (the reviews' answers).
 */
export const ratingChanged = eventContract(
  'reviews.rating.changed',
  1,
  z.object({
    /** Any string: an id the catalog never issued names no product there. */
    productId: z.string(),
    /** 1–5; null when no approved review is left. */
    average: z.number().min(0).max(5).nullable(),
    count: z.number().int().nonnegative(),
    asOf: isoTime.optional(),
  }),
);
export type RatingChanged = PayloadOf<typeof ratingChanged>;

/**
 * Announced once a delivered order was recorded as verified purchases (their reviews by that customer are
 * verified now). Consumed by the routers' cache invalidation.
 */
export const purchasesRecorded = eventContract(
  'reviews.purchases.recorded',
  1,
  z.object({ orderId: entityId, accountId: entityId, productIds: z.array(entityId) }),
);
