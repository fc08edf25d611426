import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ApolloGateway } from '@apollo/gateway';
import type { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import type { Identity } from '../../runtime/auth/identity';
import { consumerContext, type RunningConsumer } from '../../runtime/events/consumer';
import type { Logger } from '../../runtime/logger';
import type { OperationAdmission } from '../protection/operation-admission';
import type { RouterRateLimiter } from '../protection/rate-limits';
import { CacheAvailability } from './cache-availability';
import { responseCacheFastPath } from './fast-path';
import { startCacheInvalidationConsumer } from './invalidation-consumer';
import { KeepAdmission } from './keep-admission';
import { RedisKeyValueCache } from './redis-key-value-cache';
import { responseCacheCounter, responseCachePlugin } from './response-cache';
import { SubgraphAnswerCache } from './subgraph-answer-cache';
import { TagEpochs } from './tag-epochs';
import { TaggedCache } from './tagged-cache';

/** How often a router looks for due repeats of invalidations: how late after its delay a repeat may come. */
const REPEAT_POLL_MS = 250;

export interface RouterCacheConfig {
  ROUTER_RESPONSE_CACHE: 'on' | 'off';
  ROUTER_CACHE_MEMORY_MB: number;
  ROUTER_CACHE_REPEAT_INVALIDATION_MS: readonly number[];
  ROUTER_PERSISTED_QUERY_TTL_SECONDS: number;
  RABBITMQ_URL: string;
  EVENTS_MAX_ATTEMPTS: number;
}

/** What the fast path needs from the rest of the router. */
export interface FastPathDependencies {
  limiter: RouterRateLimiter;
  admission: Pick<OperationAdmission, 'admitAtEdge'>;
  verifiedIdentity: (authorization: string | undefined) => Promise<Identity | null | undefined>;
  clientAddress: (req: IncomingMessage) => string;
  maxBodyBytes: number;
  /** Whatever else decides whether a body is answered (the operation limits): part of every key. */
  settingsFingerprint: string;
}

/**
 * What the router keeps in Redis (and, for what it serves most, in its own memory) to answer faster: whole
 * answers served before the pipeline, subgraph answers per call, both invalidated by cache tags (tag-epochs.ts);
 * and automatic persisted queries (shared by every router, so a hash registered on one works on all).
 */
export async function startRouterCache(config: RouterCacheConfig, redis: Redis, gateway: ApolloGateway, logger: Logger, registry: Registry) {
  const cacheLogger = logger.child({ component: 'response-cache' });
  const enabled = config.ROUTER_RESPONSE_CACHE === 'on';
  const memoryBytes = enabled ? config.ROUTER_CACHE_MEMORY_MB * 1024 * 1024 : 0;
  let supergraphHash = '';
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    supergraphHash = createHash('sha256').update(coreSupergraphSdl).digest('base64url');
  });
  const epochs = new TagEpochs(redis, undefined, config.ROUTER_CACHE_REPEAT_INVALIDATION_MS);
  const availability = new CacheAvailability(redis, epochs, cacheLogger);
  const deferred = deferredKeepsCounter(registry);
  const admission = (cache: string) => new KeepAdmission(() => deferred.inc({ cache }));
  // Whole answers are most of what is served again; subgraph answers fill the rest of the misses.
  const answers = new TaggedCache(redis, epochs, {
    namespace: 'router:answer:',
    memoryBytes: Math.floor(memoryBytes * 0.75),
    admission: admission('answer'),
  });
  const subgraphAnswers = new TaggedCache(redis, epochs, {
    namespace: 'router:subgraph-answer:',
    memoryBytes: Math.floor(memoryBytes * 0.25),
    admission: admission('subgraph'),
  });
  const counter = responseCacheCounter(registry);
  const invalidation: RunningConsumer = await startCacheInvalidationConsumer(consumerContext(config, cacheLogger, registry), epochs);
  // Every router makes the repeats that are due, its own and those of a router that stopped meanwhile.
  const stopRepeating = config.ROUTER_CACHE_REPEAT_INVALIDATION_MS.length > 0 ? epochs.repeatDueEvery(REPEAT_POLL_MS) : () => {};
  return {
    plugins: [responseCachePlugin({ answers, epochs, availability, enabled, logger: cacheLogger }, counter)],
    /** The per-call cache the data sources use; none when the cache is off. */
    subgraphAnswers: enabled ? new SubgraphAnswerCache(subgraphAnswers, cacheLogger, registry) : undefined,
    fastPath: (dependencies: FastPathDependencies) =>
      enabled
        ? responseCacheFastPath({
            ...dependencies,
            answers,
            availability,
            counter,
            keyPrefix: () => `${supergraphHash}\n${dependencies.settingsFingerprint}`,
          })
        : undefined,
    persistedQueries: { cache: new RedisKeyValueCache(redis, 'router:apq:', cacheLogger), ttl: config.ROUTER_PERSISTED_QUERY_TTL_SECONDS },
    close: () => {
      stopRepeating();
      return invalidation.close();
    },
  };
}

/** Answers not kept when first made, by cache (`answer`: whole answers; `subgraph`: subgraph answers). */
function deferredKeepsCounter(registry: Registry): Counter<'cache'> {
  const counter = new Counter({
    name: 'router_cache_deferred_keeps_total',
    help: 'Answers not kept when first made, because answers of their kind (client operation or subgraph call) are seldom read again; each is kept if asked again soon (cache: answer or subgraph)',
    labelNames: ['cache'],
    registers: [registry],
  });
  // Both series from the start, so a dashboard shows none deferred rather than nothing.
  for (const cache of ['answer', 'subgraph']) counter.inc({ cache }, 0);
  return counter;
}
