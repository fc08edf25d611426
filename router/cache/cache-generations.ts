import type { Redis } from 'ioredis';

const KEY = (subgraph: string) => `router:cache-generation:${subgraph}`;

/**
 * Invalidation by generation: every cached response's key holds the current generation of each subgraph the
 * operation reaches, read before the operation runs. A change in a subgraph bumps its generation, so no later
 * request finds a response computed before the change (those expire unread). The counters live in Redis, so
 * all routers share them.
 */
export class CacheGenerations {
  constructor(private readonly redis: Redis) {}

  /** The generations of these subgraphs; throws while Redis is unreachable (the caller then skips the cache). */
  async read(subgraphs: readonly string[]): Promise<Record<string, number>> {
    if (subgraphs.length === 0) return {};
    const values = await this.redis.mget(...subgraphs.map(KEY));
    return Object.fromEntries(subgraphs.map((subgraph, index) => [subgraph, Number(values[index] ?? 0)]));
  }

  async bump(subgraphs: readonly string[]): Promise<void> {
    if (subgraphs.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const subgraph of new Set(subgraphs)) pipeline.incr(KEY(subgraph));
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error);
    if (failed) throw failed[0];
  }
}
