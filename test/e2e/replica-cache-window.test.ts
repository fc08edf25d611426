// Two services, one promise: the router keeps no answer that a catalog replica gave from before a write once every
// replica has the write. Their defaults must agree, since neither reads the other's.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadRouterConfig } from '../../router/config';
import { catalogSubgraphEnv } from '../../subgraphs/catalog/config';

describe("the router's cache and the catalog's replicas, as configured by default", () => {
  it("makes an invalidation again soon, and once more after a replica that missed the write's announcement caught it up", () => {
    const repeats = loadRouterConfig({}).ROUTER_CACHE_REPEAT_INVALIDATION_MS;
    const catchUpMs = z.parse(catalogSubgraphEnv.CATALOG_CATCH_UP_INTERVAL_MS, undefined);
    // A replica a few milliseconds behind.
    expect(Math.min(...repeats)).toBeLessThanOrEqual(2_000);
    // One that missed the announcement reads the write at its next catch-up; the catch-up's own queries (one per
    // change bucket) are given 2 s.
    expect(Math.max(...repeats)).toBeGreaterThanOrEqual(catchUpMs + 2_000);
  });
});
