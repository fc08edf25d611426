import { z } from 'zod';
import { eventContract, type PayloadOf } from './event-contract';
import { cacheTags, objectId } from './fields';

// Announced by the catalog once it applied an event (at least once, no outbox: the incoming event is
// acknowledged after the announcement is confirmed), or by its stock mutations.

/**
 * A reservation's stock was given back (an `orders.order.cancelled`, or `releaseStock`): the products whose
 * stock may have changed and the router's cache tags the give-backs changed. Consumed by the routers' cache
 * invalidation (`router.cache-invalidation`).
 */
export const stockReleased = eventContract('catalog.stock.released', 1, z.object({ orderId: z.string(), productIds: z.array(z.string()), cacheTags }));
export type StockReleased = PayloadOf<typeof stockReleased>;

/**
 * The catalog applied a `reviews.rating.changed` for its RATING sort: which products come where in listings
 * changed (`catalog:Product`). Consumed by the routers' cache invalidation, which drops cached listings on this
 * rather than on the reviews' event (that one may reach it before the catalog applied the rating).
 */
export const ratingApplied = eventContract('catalog.rating.applied', 1, z.object({ productId: z.string(), cacheTags }));

/**
 * What one catalog replica wrote, for the others (published and consumed by the catalog alone, each replica on
 * a queue of its own): stock changes with the ledger's version and count; products and categories to read again.
 */
export const replicaChanged = eventContract(
  'catalog.replica.changed',
  1,
  z.object({
    /** The replica that wrote it (it ignores its own). */
    origin: z.string(),
    products: z.array(objectId),
    stock: z.array(z.object({ productId: objectId, version: z.number().int(), stock: z.number().int() })),
    categories: z.array(objectId),
  }),
);
export type ReplicaChange = PayloadOf<typeof replicaChanged>;
