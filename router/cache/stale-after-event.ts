/**
 * Domain events that say cached answers are stale, and of which subgraphs (when the event does not name the
 * exact cache tags it changed in `data.cacheTags`).
 */
export const STALE_AFTER_EVENT: Readonly<Record<string, readonly string[]>> = {
  // The rating changed (reviews' own answers)...
  'reviews.rating.changed': ['reviews'],
  // ...and the catalog applied its copy for the RATING sort (it names `catalog:Product`; announced only once
  // applied, so no listing read before the catalog had it outlives this).
  'catalog.rating.applied': ['catalog'],
  // The catalog gave a cancelled order's stock back.
  'catalog.stock.released': ['catalog'],
  // A delivered order made its products' reviews by that customer verified purchases.
  'reviews.purchases.recorded': ['reviews'],
  // A profile was created or anonymised from an account event (a deleted account's cached profile must go).
  'users.profile.changed': ['users'],
};
