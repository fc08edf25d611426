/**
 * The V8 heap settings every service process starts with: `npm start` (scripts/start.ts), the benchmarks and the
 * image's entry point (deploy/docker/entrypoint.sh, checked against these by a test). Node sizes its heap by the
 * machine's memory, so on a large machine a busy process lets garbage pile up for hundreds of megabytes before
 * it collects. A small young generation and a cap on the old one keep a subgraph idling under 150 MB and the
 * router under 250 MB through the benchmarks, and each well inside its container's memory limit (helm values:
 * router 512Mi, subgraphs 384Mi).
 */
export const SERVICE_NODE_FLAGS = {
  router: ['--max-semi-space-size=8', '--max-old-space-size=384'],
  subgraph: ['--max-semi-space-size=2', '--max-old-space-size=256'],
  // The catalog answers every page of the shop from its read model in memory, so each request allocates what a
  // page needs and nothing else: with 2 MB semi-spaces it collected the young generation every few milliseconds
  // under browsing and promoted what pages still in flight held. 8 MB halves its time in scavenges (measured
  // with --trace-gc under the varied benchmark) for about 14 MB more resident.
  catalog: ['--max-semi-space-size=8', '--max-old-space-size=256'],
} as const;

/** The flags of one subgraph process: the catalog's own, else every subgraph's. */
export const subgraphNodeFlags = (name: string): readonly string[] => (name === 'catalog' ? SERVICE_NODE_FLAGS.catalog : SERVICE_NODE_FLAGS.subgraph);
