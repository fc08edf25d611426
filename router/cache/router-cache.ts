import type { ApolloGateway } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { consumerContext, type RunningConsumer } from '../../runtime/events/consumer';
import type { Logger } from '../../runtime/logger';
import { CacheGenerations } from './cache-generations';
import { startCacheInvalidationConsumer } from './invalidation-consumer';
import { RedisKeyValueCache } from './redis-key-value-cache';
import { responseCachePlugins } from './response-cache';
import { fieldOwnersOf, type FieldOwners } from './subgraph-owners';

export interface RouterCacheConfig {
  ROUTER_RESPONSE_CACHE: 'on' | 'off';
  ROUTER_PERSISTED_QUERY_TTL_SECONDS: number;
  RABBITMQ_URL: string;
  EVENTS_MAX_ATTEMPTS: number;
}

/**
 * What the router keeps in Redis to answer faster: whole responses (with their invalidation) and automatic
 * persisted queries (shared by every router, so a hash registered on one works on all).
 */
export async function startRouterCache(config: RouterCacheConfig, redis: Redis, gateway: ApolloGateway, logger: Logger, registry: Registry) {
  const cacheLogger = logger.child({ component: 'response-cache' });
  let supergraph: { schema: GraphQLSchema; owners: FieldOwners } | undefined;
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    supergraph = { schema: apiSchema, owners: fieldOwnersOf(coreSupergraphSdl) };
  });
  const generations = new CacheGenerations(redis);
  const invalidation: RunningConsumer = await startCacheInvalidationConsumer(consumerContext(config, cacheLogger, registry), generations);
  return {
    plugins: responseCachePlugins({ redis, generations, logger: cacheLogger, supergraph: () => supergraph, enabled: config.ROUTER_RESPONSE_CACHE === 'on', registry }),
    persistedQueries: { cache: new RedisKeyValueCache(redis, 'router:apq:', cacheLogger), ttl: config.ROUTER_PERSISTED_QUERY_TTL_SECONDS },
    close: () => invalidation.close(),
  };
}
