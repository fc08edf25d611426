import { createHash } from 'node:crypto';
import { Counter, type Registry } from 'prom-client';
import type { Identity } from '../../runtime/auth/identity';
import type { Logger } from '../../runtime/logger';
import type { CachedEntry, TaggedCache } from './tagged-cache';
import { cacheHintOf, type CacheHint } from './cache-hint';

/** What identifies a call: its operation and variables. */
interface SubgraphCall {
  query?: string;
  variables?: Record<string, unknown>;
}

/** A subgraph's answer as the gateway merges it. */
export interface SubgraphAnswer {
  data?: Record<string, unknown> | null;
  errors?: unknown[];
  extensions?: Record<string, unknown>;
}

/** Longest a subgraph answer is kept, whatever its hint says. */
const MAX_TTL_MS = 3_600_000;

/**
 * Caches subgraph answers per fetch (the query plan's calls to one subgraph), the way Apollo's entity cache
 * does: a public part of a response is shared even when a per-customer field sits beside it in the client's
 * operation (that field's subgraph answer is private and kept per account, or not at all). The subgraph's own
 * Cache-Control header decides (max-age, public or private); an answer with errors is never kept. Which calls
 * of a subgraph answer privately is learnt from its first answer, so a private answer is only ever looked up
 * under its account's key.
 */
export class SubgraphAnswerCache {
  private readonly privateCalls = new Map<string, boolean>();
  private readonly answers: Counter<'subgraph' | 'status'>;

  constructor(
    private readonly cache: TaggedCache,
    private readonly logger: Logger,
    registry: Registry,
  ) {
    this.answers = new Counter({
      name: 'router_subgraph_cache_total',
      help: 'Subgraph calls of client queries by cache status: HIT (answered from the cache), MISS (called, then kept), BYPASS (called, not cacheable)',
      labelNames: ['subgraph', 'status'],
      registers: [registry],
    });
  }

  /** A fresh cached answer to this call, if one is kept; undefined otherwise (also while Redis is unreachable). */
  async lookup(subgraph: string, request: SubgraphCall, identity: Identity | null): Promise<{ answer: SubgraphAnswer; entry: CachedEntry } | undefined> {
    const shape = shapeOf(subgraph, request);
    const isPrivate = this.privateCalls.get(shape);
    if (isPrivate === undefined || (isPrivate && !identity)) return undefined;
    const key = keyOf(shape, request, scopeOf(isPrivate, identity));
    const found = await this.cache.get([key]).catch((error: unknown) => {
      this.logger.debug({ err: error }, 'subgraph answer cache unreadable; calling the subgraph');
      return undefined;
    });
    if (!found) return undefined;
    this.answers.inc({ subgraph, status: 'HIT' });
    return { answer: JSON.parse(found.entry.body.toString('utf8')) as SubgraphAnswer, entry: found.entry };
  }

  /** Keeps a subgraph's answer when its hint allows, under the epoch read before the call and its tags. */
  async keep(subgraph: string, request: SubgraphCall, identity: Identity | null, epoch: number, cacheControl: string | null, answer: SubgraphAnswer, tags: string[]): Promise<void> {
    const hint: CacheHint = cacheHintOf(cacheControl);
    const shape = shapeOf(subgraph, request);
    const isPrivate = hint.scope === 'PRIVATE';
    if (hint.maxAge > 0) this.privateCalls.set(shape, isPrivate);
    if (hint.maxAge <= 0 || (answer.errors && answer.errors.length > 0) || (isPrivate && !identity)) {
      this.answers.inc({ subgraph, status: 'BYPASS' });
      return;
    }
    this.answers.inc({ subgraph, status: 'MISS' });
    const entry: CachedEntry = {
      epoch,
      tags,
      meta: { cacheControl: cacheControl ?? undefined, expiresAt: Date.now() + Math.min(hint.maxAge * 1000, MAX_TTL_MS) },
      body: Buffer.from(JSON.stringify(answer)),
    };
    await this.cache.set(keyOf(shape, request, scopeOf(isPrivate, identity)), entry).catch((error: unknown) => {
      this.logger.debug({ err: error }, 'subgraph answer not cached (Redis unreachable)');
    });
  }
}

// Which calls answer privately is a property of the operation sent, whatever its variables.
const shapeOf = (subgraph: string, request: SubgraphCall) => `${subgraph}\n${request.query ?? ''}`;

/**
 * Public answers are shared within a pool: anonymous callers apart from signed-in ones (a field may answer
 * publicly yet differently for them); private ones per account.
 */
const scopeOf = (isPrivate: boolean, identity: Identity | null) => (isPrivate ? `account:${identity!.accountId}` : identity ? 'members' : 'anonymous');

const keyOf = (shape: string, request: SubgraphCall, scope: string) =>
  createHash('sha256').update(shape).update('\n').update(scope).update('\n').update(JSON.stringify(request.variables ?? {})).digest('base64url');
