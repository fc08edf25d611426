import type { ReadinessCheck } from '../health';

/**
 * What a subgraph made at start on the stores it opened: its providers (see SubgraphContext.providers), how to tell
 * the stores answer, and how to close them.
 */
export interface OpenedStores<TProviders> {
  providers: TProviders;
  readiness: ReadinessCheck[];
  close: () => Promise<void>;
}
