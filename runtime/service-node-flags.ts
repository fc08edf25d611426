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
} as const;
