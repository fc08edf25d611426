import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import responseCachePlugin from '@apollo/server-plugin-response-cache';
import type { GraphQLSchema } from 'graphql';
import type { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import { isStaff } from '../../runtime/auth/identity';
import type { Logger } from '../../runtime/logger';
import type { RouterContext } from '../context';
import type { CacheGenerations } from './cache-generations';
import { MUTATION_SIDE_EFFECTS } from './mutation-effects';
import { RedisKeyValueCache } from './redis-key-value-cache';
import { subgraphsOf, type FieldOwners } from './subgraph-owners';

export const CACHE_STATUS_HEADER = 'x-cache';

export interface ResponseCacheOptions {
  redis: Redis;
  generations: CacheGenerations;
  logger: Logger;
  /** The API schema and field owners of the supergraph being served (they change with it). */
  supergraph: () => { schema: GraphQLSchema; owners: FieldOwners } | undefined;
  enabled: boolean;
  /** Counts answers by cache status (`router_response_cache_total{status}`). */
  registry: Registry;
}

/** What the cache needs per request, worked out once the operation is known. */
interface CacheState {
  subgraphs: string[];
  /** Null when they could not be read (Redis down): nothing is read from or written to the cache. */
  generations: Record<string, number> | null;
}

/**
 * The router's whole-response cache in Redis, driven by the subgraphs' cache hints (Apollo's response cache
 * plugin): public answers shared (anonymous callers and signed-in customers in separate pools), private ones
 * per account, mutations never cached, staff never served from or written to the cache (what they may see
 * differs from customers). Keys hold the generation of every subgraph the operation reaches; a mutation
 * bumps the generations of the subgraphs it changes once it ran, domain events those changed later. The
 * `x-cache` header says HIT or MISS (BYPASS when the cache was not used).
 */
export function responseCachePlugins(options: ResponseCacheOptions): ApolloServerPlugin<RouterContext>[] {
  const generations = options.generations;
  // Mutations made while Redis was unreachable could not bump generations. When it is back, the cache stays
  // unused until every subgraph's generation is bumped, so nothing cached before the outage is served after it.
  let connectionLost = false;
  let suspended = false;
  const reopen = (): void => {
    const all = [...new Set([...(options.supergraph()?.owners.values() ?? [])].flatMap((owner) => owner.graphs))];
    generations.bump(all).then(
      () => {
        suspended = false;
      },
      (error: unknown) => {
        options.logger.warn({ err: error }, 'could not invalidate the response cache after a Redis outage; retrying');
        setTimeout(reopen, 1_000).unref();
      },
    );
  };
  options.redis.on('close', () => {
    connectionLost = true;
  });
  options.redis.on('ready', () => {
    if (!connectionLost) return;
    connectionLost = false;
    suspended = true;
    reopen();
  });
  const answers = new Counter({
    name: 'router_response_cache_total',
    help: 'Query answers by response cache status: HIT, MISS, or BYPASS (cache not used: staff, the router itself, Redis down, cache off)',
    labelNames: ['status'],
    registers: [options.registry],
  });
  const states = new WeakMap<object, CacheState>();
  // Apollo hands the same parsed document for the same query text: what it reaches is worked out once.
  const reachedBy = new WeakMap<object, string[]>();
  const stateOf = (context: GraphQLRequestContext<RouterContext>) => states.get(context.request);
  // Only clients' HTTP requests: the router's own operations (subscription hydration right after a change,
  // plan warm-up) must read the subgraphs, not an answer from before the change.
  const cacheable = (context: GraphQLRequestContext<RouterContext>) =>
    options.enabled && context.request.http !== undefined && !isStaff(context.contextValue.identity) && stateOf(context)?.generations != null;

  const planner: ApolloServerPlugin<RouterContext> = {
    async requestDidStart() {
      return {
        async didResolveOperation(context) {
          const supergraph = options.supergraph();
          if (!supergraph) return;
          let subgraphs = reachedBy.get(context.document);
          if (!subgraphs) reachedBy.set(context.document, (subgraphs = subgraphsOf(context.document, supergraph.schema, supergraph.owners)));
          let read: Record<string, number> | null = null;
          if (options.enabled && !suspended && context.operation?.operation === 'query') {
            read = await generations.read(subgraphs).catch(() => null);
          }
          states.set(context.request, { subgraphs, generations: read });
        },
        async willSendResponse(context) {
          const state = stateOf(context);
          if (context.operation?.operation === 'mutation' && state) {
            // Whatever the outcome, the mutation may have changed what these subgraphs answer.
            const fields = context.operation.selectionSet.selections.flatMap((selection) => (selection.kind === 'Field' ? [selection.name.value] : []));
            const changed = [...state.subgraphs, ...fields.flatMap((field) => MUTATION_SIDE_EFFECTS[field] ?? [])];
            await generations.bump(changed).catch((error: unknown) => options.logger.warn({ err: error }, 'could not invalidate the response cache'));
          }
          const http = context.response.http;
          if (context.operation?.operation !== 'query' || !http) return;
          const status = !cacheable(context) ? 'BYPASS' : context.metrics.responseCacheHit ? 'HIT' : 'MISS';
          http.headers.set(CACHE_STATUS_HEADER, status);
          answers.inc({ status });
        },
      };
    },
  };

  const cache = responseCachePlugin<RouterContext>({
    cache: new RedisKeyValueCache(options.redis, 'router:response:', options.logger),
    sessionId: async (context) => context.contextValue.identity?.accountId ?? null,
    extraCacheKeyData: async (context) => stateOf(context)?.generations ?? null,
    shouldReadFromCache: async (context) => cacheable(context),
    shouldWriteToCache: async (context) => cacheable(context),
  });
  return [planner, cache];
}
