/**
 * Subgraphs a mutation changes besides the one that resolves it, synchronously (before it answers):
 * checkout reserves stock in the catalog. Changes made later by event consumers (stock given back after a
 * cancellation, a rating moved by a moderation, a purchase verified on delivery) are announced by events
 * instead (see invalidation-events.ts).
 */
export const MUTATION_SIDE_EFFECTS: Readonly<Record<string, readonly string[]>> = {
  checkout: ['catalog'],
};

/** Domain events that say a subgraph's cached answers are stale, and which subgraphs. */
export const STALE_AFTER_EVENT: Readonly<Record<string, readonly string[]>> = {
  // The rating changed (reviews) and the catalog's copy of it for the RATING sort follows.
  'reviews.rating.changed': ['reviews', 'catalog'],
  // The catalog gave a cancelled order's stock back.
  'catalog.stock.released': ['catalog'],
  // A delivered order made its products' reviews by that customer verified purchases.
  'reviews.purchases.recorded': ['reviews'],
  // A profile was created or anonymised from an account event (a deleted account's cached profile must go).
  'users.profile.changed': ['users'],
};
