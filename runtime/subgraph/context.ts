import type { Logger } from '../logger';

/** What every subgraph resolver receives: who asked, how to log, and this subgraph's stores and loaders. */
export interface SubgraphContext<TStores, TLoaders> {
  requestId: string;
  logger: Logger;
  /** The caller's Authorization header as forwarded by the router (verified by a later layer). */
  authorization?: string;
  stores: TStores;
  /** Per-request DataLoaders, so batching never mixes two callers' requests. */
  loaders: TLoaders;
}
