import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { Counter, type Registry } from 'prom-client';
import type { Identity } from '../../runtime/auth/identity';
import type { Logger } from '../../runtime/logger';
import { cacheHintOf } from './cache-hint';
import { CallVariables } from './call-variables';
import { STALE, type CachedEntry, type PendingEntry, type TaggedCache } from './tagged-cache';

/** What identifies a call: its operation and variables. */
export interface SubgraphCall {
  query?: string;
  variables?: Record<string, unknown>;
}

/** The kind of client operation a subgraph call is made for. */
export type ClientOperation = 'query' | 'mutation';

/** A subgraph's answer as the gateway merges it. */
export interface SubgraphAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ path?: ReadonlyArray<string | number> }>;
  extensions?: Record<string, unknown>;
}

/** A call made to the subgraph: its answer, its Cache-Control header, and the tags the answer depends on. */
export interface CalledAnswer {
  answer: SubgraphAnswer;
  cacheControl: string | null;
  tags: string[];
}

/** What a served call was made of: the answer, and the cached parts used (their headers and tags). */
export interface ServedAnswer {
  answer: SubgraphAnswer;
  cachedParts: CachedEntry[];
}

/** Longest a subgraph answer is kept, whatever its hint says. */
const MAX_TTL_MS = 3_600_000;

const REPRESENTATIONS = 'representations';
/** Characters of call shapes whose privacy is remembered (a shape not remembered is learnt again from its next answer). */
const LEARNT_SHAPES_CHARACTERS = 4_000_000;

/**
 * Caches subgraph answers per call, and an entity fetch's answers per entity, the way Apollo's entity cache
 * does: a public part of an answer is shared even when a per-customer field sits beside it in the client's
 * operation (that field's subgraph answer is private and kept per account), and a product's rating fetched for
 * one page serves every other page that shows the product. The subgraph's own Cache-Control header decides
 * (max-age, public or private); an answer (or an entity) with errors is never kept. Which calls of a subgraph
 * answer privately is learnt from its first answer, so a private answer is only ever looked up under its
 * account's key. An entity is kept with the tags of the whole call it came in (a few more invalidations than
 * it needs, never fewer).
 */
export class SubgraphAnswerCache {
  // Learnt per call shape (a subgraph query text): bounded, since every distinct client operation makes new shapes.
  private readonly privateCalls = new LRUCache<string, boolean>({
    maxSize: LEARNT_SHAPES_CHARACTERS,
    sizeCalculation: (_value, key) => Math.max(1, key.length),
  });
  private readonly answers: Counter<'subgraph' | 'operation' | 'status'>;
  private readonly variables = new CallVariables();

  constructor(
    private readonly cache: TaggedCache,
    private readonly logger: Logger,
    registry: Registry,
  ) {
    this.answers = new Counter({
      name: 'router_subgraph_cache_total',
      help: 'Subgraph calls of client operations (operation: query, or mutation for the calls a mutation makes after its own; each entity of an entity fetch counted on its own) by cache status: HIT (from the cache), MISS (called, then kept: first asked or expired), STALE (called, then kept again: a write had invalidated the kept answer), BYPASS (called, not cacheable)',
      labelNames: ['subgraph', 'operation', 'status'],
      registers: [registry],
    });
  }

  /** Answers the call from the cache where it can, calling the subgraph (`call`) for the rest, and keeps what may be kept. */
  async serve(
    subgraph: string,
    request: SubgraphCall,
    identity: Identity | null,
    epoch: number,
    call: (request: SubgraphCall) => Promise<CalledAnswer>,
    /** The client operation the call is made for (a mutation's: a call its plan makes after the mutation's own). */
    operation: ClientOperation = 'query',
  ): Promise<ServedAnswer> {
    const counted = { subgraph, operation };
    const asked = unnamed(request.query);
    const shape = `${subgraph}\n${asked}`;
    const isPrivate = this.privateCalls.get(learnt(shape, identity));
    const known = isPrivate !== undefined && !(isPrivate && !identity);
    const representations = request.variables?.[REPRESENTATIONS];
    if (Array.isArray(representations) && /\b_entities\s*\(/.test(request.query ?? '')) {
      return this.serveEntities(counted, shape, asked, request, representations, identity, epoch, known ? isPrivate : undefined, call);
    }
    const variables = this.variables.text(asked, request.variables);
    const key = known ? keyOf(shape, variables, scopeOf(isPrivate, identity)) : undefined;
    const [cached] = key ? await this.lookup([key]) : [undefined];
    if (cached && cached !== STALE) {
      this.answers.inc({ ...counted, status: 'HIT' });
      return { answer: JSON.parse(cached.body.toString('utf8')) as SubgraphAnswer, cachedParts: [cached] };
    }
    const called = await call(request);
    const keep = this.keepable(shape, called, identity);
    this.answers.inc({ ...counted, status: !keep ? 'BYPASS' : cached === STALE ? 'STALE' : 'MISS' });
    if (keep && !called.answer.errors?.length) {
      await this.keep(keyOf(shape, variables, scopeOf(keep.isPrivate, identity)), { epoch, kind: kindOf(shape) }, called, called.answer, keep.maxAge);
    }
    return { answer: called.answer, cachedParts: [] };
  }

  private async serveEntities(
    counted: { subgraph: string; operation: ClientOperation },
    shape: string,
    asked: string,
    request: SubgraphCall,
    representations: unknown[],
    identity: Identity | null,
    epoch: number,
    isPrivate: boolean | undefined,
    call: (request: SubgraphCall) => Promise<CalledAnswer>,
  ): Promise<ServedAnswer> {
    const { [REPRESENTATIONS]: _all, ...others } = request.variables ?? {};
    // Not hashed per entity (a page has many): the call's hash, then the entity's representation as it is.
    const prefix = keyOf(shape, this.variables.text(asked, others), '');
    const keyAt = (index: number, scope: string) => `${prefix}:${scope}:${JSON.stringify(representations[index])}`;
    const cached =
      isPrivate === undefined
        ? representations.map(() => undefined)
        : await this.lookup(representations.map((_, index) => keyAt(index, scopeOf(isPrivate, identity))));
    const missing = representations.flatMap((_, index) => (isCached(cached[index]) ? [] : [index]));
    this.answers.inc({ ...counted, status: 'HIT' }, representations.length - missing.length);
    const cachedParts = cached.filter(isCached);
    const entities: unknown[] = cached.map((entry) => (isCached(entry) ? (JSON.parse(entry.body.toString('utf8')) as unknown) : undefined));
    if (missing.length === 0) return { answer: { data: { _entities: entities } }, cachedParts };

    const called = await call({ ...request, variables: { ...others, [REPRESENTATIONS]: missing.map((index) => representations[index]) } });
    const fetched: unknown = called.answer.data?._entities;
    // The subgraph's errors name positions in the call it got: moved back to the client's positions.
    const errors = called.answer.errors?.map((error) => ({ ...error, path: entityPath(error.path, missing) }));
    const ofEntity = (error: { path?: ReadonlyArray<string | number> }) => error.path?.[0] === '_entities' && typeof error.path[1] === 'number';
    const failed = new Set(errors?.filter(ofEntity).map((error) => error.path![1] as number));
    missing.forEach((index, position) => (entities[index] = Array.isArray(fetched) ? (fetched[position] as unknown) : null));
    const keep = this.keepable(shape, called, identity);
    if (!keep) this.answers.inc({ ...counted, status: 'BYPASS' }, missing.length);
    else {
      const stale = missing.filter((index) => cached[index] === STALE).length;
      this.answers.inc({ ...counted, status: 'STALE' }, stale);
      this.answers.inc({ ...counted, status: 'MISS' }, missing.length - stale);
    }
    // Entities an error names are not kept; nothing is when an error names none (the whole call failed).
    if (keep && Array.isArray(fetched) && !errors?.some((error) => !ofEntity(error))) {
      const kept = missing.filter((index) => !failed.has(index));
      const keptAs = { epoch, kind: kindOf(shape) };
      await Promise.all(kept.map((index) => this.keep(keyAt(index, scopeOf(keep.isPrivate, identity)), keptAs, called, entities[index], keep.maxAge)));
    }
    const answer: SubgraphAnswer = { ...called.answer, data: { _entities: entities } };
    if (errors) answer.errors = errors;
    return { answer, cachedParts };
  }

  /** Whether (and how long, and for whom) an answer may be kept; learns whether this call answers privately. */
  private keepable(shape: string, called: CalledAnswer, identity: Identity | null) {
    const hint = cacheHintOf(called.cacheControl);
    if (hint.maxAge <= 0) return undefined;
    const isPrivate = hint.scope === 'PRIVATE';
    this.privateCalls.set(learnt(shape, identity), isPrivate);
    if (isPrivate && !identity) return undefined;
    return { isPrivate, maxAge: hint.maxAge };
  }

  private lookup(keys: string[]): Promise<Array<CachedEntry | typeof STALE | undefined>> {
    return this.cache.getEach(keys).catch((error: unknown) => {
      this.logger.debug({ err: error }, 'subgraph answer cache unreadable; calling the subgraph');
      return keys.map(() => undefined);
    });
  }

  private async keep(key: string, { epoch, kind }: { epoch: number; kind: string }, called: CalledAnswer, value: unknown, maxAge: number): Promise<void> {
    const entry: PendingEntry = {
      epoch,
      tags: called.tags,
      meta: { cacheControl: called.cacheControl ?? undefined, expiresAt: Date.now() + Math.min(maxAge * 1000, MAX_TTL_MS), kind },
      body: () => Buffer.from(JSON.stringify(value)),
    };
    await this.cache.set(key, entry).catch((error: unknown) => this.logger.debug({ err: error }, 'subgraph answer not cached (Redis unreachable)'));
  }
}

const isCached = (entry: CachedEntry | typeof STALE | undefined): entry is CachedEntry => entry !== undefined && entry !== STALE;

/** An error path of a call made for some of the entities, as the path in the call for all of them. */
function entityPath(path: ReadonlyArray<string | number> | undefined, positions: number[]): ReadonlyArray<string | number> | undefined {
  if (!path || path[0] !== '_entities' || typeof path[1] !== 'number') return path;
  return ['_entities', positions[path[1]] ?? path[1], ...path.slice(2)];
}

// Which calls answer privately is a property of the operation sent, whatever its variables. The name the gateway
// gives it (`AddCartLine__catalog__1`) says which client operation it serves, not what it asks: calls of several
// operations that ask the same (every cart operation asks the same of a line's product) share their answers, and
// what is learnt per call (its privacy, its declared variables) is learnt once for all the names it comes under,
// so a client sending new operation names does not grow it.
const unnamed = (query: string | undefined) => (query ?? '').replace(OPERATION_NAME, '$1');

const OPERATION_NAME = /^\s*(query|mutation)\s+[_A-Za-z][_0-9A-Za-z]*/;

// Learnt apart for anonymous and signed-in callers: a field may answer publicly to the one and privately to the
// other (`wishlisted`), and one answer must not unlearn the other.
const learnt = (shape: string, identity: Identity | null) => `${identity ? 'members' : 'anonymous'}\n${shape}`;

/**
 * Public answers are shared within a pool: anonymous callers apart from signed-in ones (a field may answer
 * publicly yet differently for them); private ones per account.
 */
const scopeOf = (isPrivate: boolean, identity: Identity | null) => (isPrivate ? `account:${identity!.accountId}` : identity ? 'members' : 'anonymous');

/**
 * The kind of a call's answers for the keep admission: its shape, shortened (it is stored with every answer). Worked
 * out only when answers are kept: a call answered from the cache needs none (its entries carry theirs).
 */
const kindOf = (shape: string) => createHash('sha256').update(shape).digest('base64url').slice(0, 22);

// `variables`: the call's variables as CallVariables writes them, so that calls meaning the same share a key.
const keyOf = (shape: string, variables: string, scope: string) =>
  createHash('sha256').update(shape).update('\n').update(scope).update('\n').update(variables).digest('base64url');
