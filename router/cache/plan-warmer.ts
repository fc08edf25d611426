import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ApolloServer } from '@apollo/server';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { Gauge, type Registry } from 'prom-client';
import type { Logger } from '../../runtime/logger';
import type { RouterContext } from '../context';

const OPERATIONS_KEY = 'router:planned-operations';
const DOCUMENTS_KEY = 'router:planned-documents';
/** How many of the most used operations a starting router plans before it says it is ready (ROUTER_WARM_UP_OPERATIONS). */
const WARM_UP_OPERATIONS = 100;
const MAX_DOCUMENT_LENGTH = 20_000;
const RECORDED_HASHES = 10_000;
/** Operations kept in Redis beyond those warmed (the most used); the rest are trimmed every TRIM_EVERY recordings. */
const KEPT_OPERATIONS = 1_000;
const TRIM_EVERY = 100;

/** Thrown from the gateway's query-plan hook for warm-up requests: planned, never executed. */
export class PlannedOnly extends Error {}

/** Marks a request context as a warm-up: the gateway plans it and stops (see `stopAfterPlanning`). */
export const WARM_UP = Symbol('query plan warm-up');

/**
 * Keeps a starting router's query-plan cache warm: every router records each operation document it plans
 * (once per process, so it costs nothing per request) in Redis with a use count, and a new router plans the
 * most used ones before it reports ready. Planning only: warm-up requests stop in the gateway's
 * `experimental_didResolveQueryPlan` hook, so no subgraph is called and nothing needs variables or a token.
 */
export class PlanWarmer {
  // Hashes already recorded by this process: the most recent ones (a hostile client's distinct documents must not grow it).
  private readonly recorded = new LRUCache<string, true>({ max: RECORDED_HASHES });
  private warmed = false;
  private recordings = 0;

  private readonly plannedGauge: Gauge;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    registry: Registry,
    private readonly limit = WARM_UP_OPERATIONS,
  ) {
    this.plannedGauge = new Gauge({
      name: 'router_query_plans_warmed',
      help: 'Operations planned at start, before the router reported ready',
      registers: [registry],
    });
  }

  /** The gateway's hook: records real operations, ends warm-up ones. */
  readonly didResolveQueryPlan = ({ requestContext }: { requestContext: { context?: unknown; source?: string; operation?: { operation: string } | null } }) => {
    // The gateway's request context carries the router's context as `context`.
    if ((requestContext.context as Record<symbol, unknown> | undefined)?.[WARM_UP]) throw new PlannedOnly('planned for warm-up');
    const source = requestContext.source;
    if (!source || source.length > MAX_DOCUMENT_LENGTH || requestContext.operation?.operation !== 'query') return;
    const hash = createHash('sha256').update(source).digest('hex');
    if (this.recorded.has(hash)) return;
    this.recorded.set(hash, true);
    this.redis
      .multi()
      .zincrby(OPERATIONS_KEY, 1, hash)
      .hset(DOCUMENTS_KEY, hash, source)
      .exec()
      .catch(() => this.recorded.delete(hash)); // Redis away: try again next time
    // Distinct documents (a hostile client's) must not grow Redis either: only the most used are kept.
    if (++this.recordings % TRIM_EVERY === 0) void this.trim().catch(() => undefined);
  };

  private async trim(): Promise<void> {
    const dropped = await this.redis.zrange(OPERATIONS_KEY, 0, String(-(Math.max(KEPT_OPERATIONS, this.limit) + 1)));
    if (dropped.length > 0)
      await this.redis
        .multi()
        .zrem(OPERATIONS_KEY, ...dropped)
        .hdel(DOCUMENTS_KEY, ...dropped)
        .exec();
  }

  get ready(): boolean {
    return this.warmed;
  }

  /** Plans the most used operations through `apollo`; the router is ready afterwards whatever happened. */
  async warm(apollo: ApolloServer<RouterContext>): Promise<number> {
    let planned = 0;
    try {
      const hashes = this.limit > 0 ? await this.redis.zrevrange(OPERATIONS_KEY, 0, this.limit - 1) : [];
      const documents = hashes.length > 0 ? await this.redis.hmget(DOCUMENTS_KEY, ...hashes) : [];
      for (const document of documents) {
        if (!document) continue;
        const contextValue = {
          arrivedAt: performance.now(),
          requestId: 'warm-up',
          logger: this.logger,
          identity: null,
          clientAddress: 'router-warm-up',
          [WARM_UP]: true,
        } as RouterContext;
        await apollo.executeOperation({ query: document }, { contextValue }).catch(() => undefined);
        planned += 1;
      }
      this.plannedGauge.set(planned);
      this.logger.info({ planned }, 'query plans warmed');
    } catch (error) {
      this.logger.warn({ err: error }, 'could not warm the query plans (Redis unreachable?); planning on demand');
    } finally {
      this.warmed = true;
    }
    return planned;
  }
}
