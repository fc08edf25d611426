import type { ReadinessCheck } from '../health';

/** The stores a subgraph opened, how to tell they answer, and how to close them. */
export interface OpenedStores<TStores> {
  stores: TStores;
  readiness: ReadinessCheck[];
  close: () => Promise<void>;
}
