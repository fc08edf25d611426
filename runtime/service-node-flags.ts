/**
 * The V8 heap settings every service process starts with: `npm start` (scripts/start.ts), the benchmarks and the
 * image's entry point (deploy/docker/entrypoint.sh, checked against these by a test). Node sizes its heap by the
 * machine's memory, so on a large machine a busy process lets garbage pile up for hundreds of megabytes before
 * it collects. A small young generation and a cap on the old one keep a subgraph idling under 150 MB and the
 * router under 250 MB through the benchmarks, and each well inside its container's memory limit (helm values:
 * router 512Mi, subgraphs 384Mi).
 */
export const SERVICE_NODE_FLAGS = {
  // The router allocates per request what the gateway's plan execution and result shaping make, for every request
  // in flight: with 8 MB semi-spaces it spent 14% of its time in the garbage collector under varied traffic. 16 MB
  // took 11% off its CPU per varied request (2.76 against 3.11 ms, medians of four pairs of runs taking turns;
  // 426-442 against 360-381 requests a second) for 15-40 MB more resident at its peak (210-240 MB); 32 MB had
  // cost 55 MB more (bench/HISTORY.md).
  router: ['--max-semi-space-size=16', '--max-old-space-size=384'],
  subgraph: ['--max-semi-space-size=2', '--max-old-space-size=256'],
  // The subgraphs a shop's every page reaches (see BUSY_SUBGRAPHS) allocate per request what its answer needs and
  // nothing else: with 2 MB semi-spaces they collected the young generation every few milliseconds and promoted
  // what requests still in flight held. 8 MB halves the catalog's time in scavenges (measured with --trace-gc under
  // the varied benchmark) and takes 8% off the wishlist's CPU per product page (1.81 against 1.94-2.12 ms; 4-6% of
  // the wishlist's and the cart's in paired busy days), for 10-20 MB more resident each.
  busySubgraph: ['--max-semi-space-size=8', '--max-old-space-size=256'],
} as const;

/** The catalog (every listing, from its read model), the wishlist (every signed-in product page), the cart (every cart change). */
const BUSY_SUBGRAPHS: ReadonlySet<string> = new Set(['catalog', 'wishlist', 'cart']);

/** The flags of one subgraph process. */
export const subgraphNodeFlags = (name: string): readonly string[] =>
  BUSY_SUBGRAPHS.has(name) ? SERVICE_NODE_FLAGS.busySubgraph : SERVICE_NODE_FLAGS.subgraph;
