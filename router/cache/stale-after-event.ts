import {
  byContract,
  on,
  profileChanged,
  purchasesRecorded,
  ratingApplied,
  ratingChanged,
  stockReleased,
  type ContractConsumer,
} from '../../runtime/events/contracts';

/**
 * Domain events that say cached answers are stale: the exact cache tags an event names (`cacheTags`), else the
 * whole subgraphs it changed. `invalidate` takes the changed tags (a subgraph's name stands for all of it).
 */
export function staleAfterEvents(invalidate: (changed: readonly string[]) => Promise<void>): ContractConsumer<void> {
  const subgraphs =
    (...names: string[]) =>
    async () =>
      invalidate(names);
  const named = async ({ cacheTags }: { cacheTags: string[] }) => invalidate(cacheTags);
  return byContract(
    // The rating changed (reviews' own answers)...
    on(ratingChanged, subgraphs('reviews')),
    // ...and the catalog applied its copy for the RATING sort (it names `catalog:Product`; announced only once
    // applied, so no listing read before the catalog had it outlives this).
    on(ratingApplied, named),
    // The catalog gave a cancelled order's stock back.
    on(stockReleased, named),
    // A delivered order made its products' reviews by that customer verified purchases.
    on(purchasesRecorded, subgraphs('reviews')),
    // A profile was created or anonymised from an account event (a deleted account's cached profile must go).
    on(profileChanged, subgraphs('users')),
  );
}
