import { z } from 'zod';
import { authEnv, loadConfig, port, runtimeEnv, storeEnv, unlessBlank } from '../runtime/config';
import { consumerEnv, eventsEnv } from '../runtime/events/events-env';
import { metricsEnv } from '../runtime/metrics-server';
import { telemetryEnv } from '../runtime/telemetry/telemetry-env';
import { SERVICE_PORTS } from '../runtime/service-ports';
import { cacheEnv } from './cache/cache-env';
import { protectionEnv } from './protection/protection-env';
import { resilienceEnv, subgraphConcurrencyOverrides, subgraphTimeoutOverrides } from './resilience/resilience-env';
import { orderEventsQueueEnv } from './subscriptions/order-events-env';

/** What the router's process itself is given, read before the router starts (router/main.ts). */
export const routerProcessEnv = {
  /**
   * The router's CPU priority (nice, -20 first to 19 last) where it shares the machine's cores with the subgraphs
   * and the stores (`npm start` on one host): below 0 it admits and refuses requests without waiting behind the
   * work it admitted, at the price of that work (README, Benchmarks: -5 halves the refusals' delay and slows
   * checkouts). Unset: the priority it was started with. Raising it needs CAP_SYS_NICE; without it nothing changes.
   */
  ROUTER_NICE: unlessBlank(z.coerce.number().int().min(-20).max(19)),
};

export const routerEnv = {
  ...runtimeEnv,
  ...routerProcessEnv,
  ...authEnv,
  /** Order events for live subscriptions (each router instance consumes them on a queue of its own). */
  ...eventsEnv,
  /** The expiry and length of that queue (router/subscriptions/order-events-env.ts). */
  ...orderEventsQueueEnv,
  /** Failed handlings of a cache-invalidation event before it is dead-lettered (runtime/events/consumer.ts). */
  ...consumerEnv,
  /** The router's Redis: response cache, persisted queries, rate limits (the router answers without it while it is down). */
  REDIS_URL: storeEnv.REDIS_URL,
  /** Express "trust proxy": how many proxies in front of the router may set X-Forwarded-For (0: none). */
  TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  HOST: z.string().default('127.0.0.1'),
  PORT: port(SERVICE_PORTS.router),
  /** /metrics on a port of its own (9000 unless set), never the public one. */
  ...metricsEnv(SERVICE_PORTS.router),
  SUPERGRAPH_PATH: z.string().default('schema/supergraph.graphql'),
  /** Off by default: @apollo/gateway otherwise reports usage to Apollo and probes cloud metadata endpoints. */
  APOLLO_TELEMETRY_DISABLED: z.enum(['true', 'false', '1', '0']).default('true'),
  /** The response cache and persisted queries in Redis (router/cache). */
  ...cacheEnv,
  /** Rate limits, operation limits, request size and batch length (router/protection). */
  ...protectionEnv,
  /** Subgraph calls: timeouts, retries, circuit breakers, keep-alive, sharing identical calls (router/resilience). */
  ...resilienceEnv,
  /** Tracing: on with an OTLP endpoint (runtime/telemetry). */
  ...telemetryEnv,
};

export type RouterConfig = ReturnType<typeof loadRouterConfig>;

export function loadRouterConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(routerEnv, env);
  return {
    ...config,
    subgraphUrls: subgraphUrlOverrides(env),
    subgraphTimeouts: subgraphTimeoutOverrides(env),
    subgraphConcurrency: subgraphConcurrencyOverrides(env),
  };
}

/**
 * `SUBGRAPH_<NAME>_URL` moves a subgraph named in the supergraph to another address, so one supergraph
 * file serves every environment. Checked here so a typo fails at start.
 */
export function subgraphUrlOverrides(env: Record<string, string | undefined>): Map<string, string> {
  const overrides = new Map<string, string>();
  for (const [name, value] of Object.entries(env)) {
    const match = /^SUBGRAPH_([A-Z0-9_]+)_URL$/.exec(name);
    if (!match || value === undefined) continue;
    loadConfig({ [name]: z.url({ protocol: /^https?$/ }) }, env);
    overrides.set(match[1].toLowerCase(), value);
  }
  return overrides;
}
