import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../runtime/config';
import { setCpuPriority } from '../../runtime/process-priority';
import { routerProcessEnv } from '../../router/config';
import { answersGet } from '../shared/processes';
import { startOnFreePort, type RunningServer } from '../shared/graphql-server';
import { generousRouterLimits, startBenchRouter, supergraphPath } from '../shared/router';
import type { SubgraphFleet } from '../shared/subgraph-fleet';

/** What every target needs to start: where the subgraphs and the keys are, and the bare server's answers. */
export interface TargetSetting {
  fleet: SubgraphFleet;
  jwksUrl: string;
  /** Operation name → a real response body of it (what the bare server answers). */
  bareResponses: Record<string, string>;
}

export type TargetName = 'bare' | 'stock-gateway' | 'router-cache-off' | 'router-cache-on' | 'stock-gateway-varied' | 'router-varied';

export interface Target {
  name: TargetName;
  what: string;
  /** The fixed queries (each a row) or the varied traffic (one row). */
  traffic: 'fixed' | 'varied';
  /** Whether it is this router (its memory goal applies). */
  isRouter: boolean;
  start: (setting: TargetSetting) => Promise<RunningServer>;
}

/**
 * The router as it runs in production, with its response cache switched by ROUTER_RESPONSE_CACHE and rate
 * limits far above what one loopback client can send, so the limiter is not what is measured.
 */
const router =
  (name: string, cache: 'on' | 'off'): Target['start'] =>
  (setting) =>
    startBenchRouter(name, setting.fleet, setting.jwksUrl, { ROUTER_RESPONSE_CACHE: cache, ...generousRouterLimits });

/**
 * A baseline runs at the CPU priority the router takes when ROUTER_NICE sets one (router/main.ts), so that on these
 * shared cores the router is compared with a server the machine treats alike, not one that waits behind the subgraphs.
 */
async function atRouterPriority(server: Promise<RunningServer>): Promise<RunningServer> {
  const started = await server;
  const nice = loadConfig(routerProcessEnv).ROUTER_NICE;
  if (nice === undefined) return started;
  const outcome = setCpuPriority(started.process.pid, nice);
  if (!outcome.applied) console.error(`[bench] ${started.process.name}: CPU priority not set (${outcome.reason}), as the router's will not be`);
  return started;
}

const stockGateway =
  (name: string): Target['start'] =>
  (setting) =>
    atRouterPriority(
      startOnFreePort(name, 'bench/throughput/stock-gateway.js', {
        NODE_ENV: 'production',
        // Loopback only: otherwise @apollo/gateway reports to Apollo and probes cloud metadata endpoints.
        APOLLO_TELEMETRY_DISABLED: 'true',
        SUPERGRAPH_PATH: supergraphPath,
        ...setting.fleet.routingEnv,
      }),
    );

export const targets: Target[] = [
  {
    name: 'bare',
    what: 'Node http server answering a fixed JSON body (the ceiling)',
    traffic: 'fixed',
    isRouter: false,
    start: async (setting) => {
      const folder = await mkdtemp(join(tmpdir(), 'bench-bare-'));
      const file = join(folder, 'responses.json');
      await writeFile(file, JSON.stringify(setting.bareResponses));
      try {
        return await atRouterPriority(startOnFreePort('bare', 'bench/throughput/bare-server.js', { BENCH_BARE_RESPONSES_FILE: file }, answersGet));
      } finally {
        await rm(folder, { recursive: true }); // read at start
      }
    },
  },
  {
    name: 'stock-gateway',
    what: '@apollo/gateway + @apollo/server startStandaloneServer, forwarding Authorization',
    traffic: 'fixed',
    isRouter: false,
    start: stockGateway('stock-gateway'),
  },
  { name: 'router-cache-off', what: 'this router, ROUTER_RESPONSE_CACHE=off', traffic: 'fixed', isRouter: true, start: router('router-cache-off', 'off') },
  { name: 'router-cache-on', what: 'this router, ROUTER_RESPONSE_CACHE=on', traffic: 'fixed', isRouter: true, start: router('router-cache-on', 'on') },
  {
    name: 'stock-gateway-varied',
    what: 'the stock gateway under the varied traffic',
    traffic: 'varied',
    isRouter: false,
    start: stockGateway('stock-gateway-varied'),
  },
  { name: 'router-varied', what: 'this router (cache on) under the varied traffic', traffic: 'varied', isRouter: true, start: router('router-varied', 'on') },
];

/** A router for seeding the shop and recording the bare server's answers (cache off, then stopped). */
export const startSeedingRouter = router('seeding-router', 'off');
