import type { ApolloServerPlugin, GraphQLRequestContextWillSendResponse } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { OperationTypeNode } from 'graphql';
import { Counter, type Registry } from 'prom-client';
import { isStaff } from '../../runtime/auth/identity';
import type { Logger } from '../../runtime/logger';
import type { RouterContext } from '../context';
import type { CacheAvailability } from './cache-availability';
import type { RequestCache } from './request-cache';
import type { TagEpochs } from './tag-epochs';
import type { PendingEntry, TaggedCache } from './tagged-cache';
import { invalidationTags } from './tag-rules';

export const CACHE_STATUS_HEADER = 'x-cache';

/** Longest a whole answer is kept, whatever its hints say. */
const MAX_TTL_MS = 3_600_000;

export interface ResponseCacheOptions {
  answers: TaggedCache;
  epochs: TagEpochs;
  availability: CacheAvailability;
  enabled: boolean;
  logger: Logger;
}

// The text of each answer kept, by its data: the answer is sent as that same text, serialised once (stringifyAnswer).
const sentTexts = new WeakMap<object, { extensions: unknown; text: string }>();

/**
 * Apollo's `stringifyResult` for the router: an answer the cache kept goes out as the text it kept (its data and
 * extensions unchanged since), anything else as Apollo writes it.
 */
export function stringifyAnswer(value: FormattedExecutionResult): string {
  const kept = value.data && !value.errors ? sentTexts.get(value.data) : undefined;
  if (kept && kept.extensions === value.extensions) return kept.text;
  return `${JSON.stringify(value)}\n`;
}

/** Counts answers by cache status (`router_response_cache_total{status}`); the fast path counts its hits here too. */
export function responseCacheCounter(registry: Registry): Counter<'status'> {
  const counter = new Counter({
    name: 'router_response_cache_total',
    help: 'Query answers by response cache status: HIT, MISS, or BYPASS (cache not used: staff, the router itself, Redis down, cache off)',
    labelNames: ['status'],
    registers: [registry],
  });
  // Every status from the start: a hit ratio (and its alert) needs no first answer of each kind.
  for (const status of ['HIT', 'MISS', 'BYPASS']) counter.inc({ status }, 0);
  return counter;
}

/**
 * The whole-answer cache, driven by the subgraphs' cache hints and tags. Hits are served before this pipeline
 * by the fast path (fast-path.ts); here answers are kept and writes invalidate. An answer is kept when its
 * cache policy allows (the most restrictive of the subgraphs' Cache-Control headers): public answers per pool
 * of callers, private ones per account; never a mutation, an answer with errors, or what staff see (they may
 * see more than customers). It depends on the tags every subgraph answer reported, under the epoch read before
 * the first subgraph call. A mutation invalidates what its subgraphs said it changed, before its answer leaves.
 */
export function responseCachePlugin(options: ResponseCacheOptions, counter: Counter<'status'>): ApolloServerPlugin<RouterContext> {
  const { answers, epochs, availability, logger } = options;
  const usesCache = (context: RouterContext, isClient: boolean) => options.enabled && isClient && context.cache !== undefined && !isStaff(context.identity);

  /** Invalidates what these changes touched; false (and every cached answer dropped once Redis takes it) when it could not. */
  const invalidateChanges = async (changes: Iterable<string>): Promise<boolean> => {
    const tags = invalidationTags(changes);
    if (tags.size === 0) return true;
    return epochs.invalidate(tags).then(
      () => true,
      (error: unknown) => {
        logger.warn({ err: error, tags: [...tags] }, 'could not invalidate the caches: every cached answer is dropped once Redis takes it');
        availability.invalidateEverything();
        return false;
      },
    );
  };

  // Before a mutation's answer leaves: what it changed is invalidated (most of it already as it went).
  const invalidate = async (cache: RequestCache) => {
    await invalidateChanges(cache.takeChangesLeft());
    await cache.changesInvalidated();
  };

  const keep = async (request: GraphQLRequestContextWillSendResponse<RouterContext>) => {
    const cache = request.contextValue.cache!;
    const policy = request.overallCachePolicy.policyIfCacheable();
    const body = request.response.body;
    if (!policy || cache.epoch === null || !cache.answerKeys || body.kind !== 'single' || body.singleResult.errors?.length) return;
    const key = policy.scope === 'PRIVATE' ? cache.answerKeys.account : cache.answerKeys.shared;
    if (!key) return;
    const cacheControl = `max-age=${policy.maxAge}, ${policy.scope === 'PRIVATE' ? 'private' : 'public'}`;
    const result = body.singleResult;
    const text = `${JSON.stringify({ data: result.data, extensions: result.extensions })}\n`;
    if (result.data) sentTexts.set(result.data, { extensions: result.extensions, text });
    const entry: PendingEntry = {
      epoch: cache.epoch,
      tags: [...cache.dependsOn],
      meta: {
        cacheControl,
        operationName: request.operationName ?? undefined,
        expiresAt: Date.now() + Math.min(policy.maxAge * 1000, MAX_TTL_MS),
        // Answers of one document and operation are one kind: its reuse decides whether they are kept on first sight.
        kind: `${request.queryHash}:${request.operationName ?? ''}`,
      },
      body: () => Buffer.from(text),
    };
    await answers.set(key, entry).catch((error: unknown) => logger.debug({ err: error }, 'answer not cached (Redis unreachable)'));
  };

  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operation, request }) {
          const cache = contextValue.cache;
          const type = operation?.operation;
          if (!cache || cache.epoch !== null || (type !== OperationTypeNode.QUERY && type !== OperationTypeNode.MUTATION)) return;
          if (!usesCache(contextValue, request.http !== undefined) || !availability.usable) return;
          // Before any subgraph is called: a change landing while this answer is made is newer than it. The fast
          // path's look-up read it already when it missed (after the request arrived, before any of its data).
          cache.epoch = cache.epochAtLookUp ?? (await epochs.now().catch(() => null));
          // A mutation's later calls may read through the cache once its own changes are invalidated (request-cache.ts).
          if (type === OperationTypeNode.MUTATION && cache.epoch !== null) cache.invalidateAsItGoes(invalidateChanges);
        },
        async willSendResponse(request) {
          const { contextValue, operation, response } = request;
          if (!contextValue.cache) return;
          if (operation?.operation === OperationTypeNode.MUTATION) return invalidate(contextValue.cache);
          if (operation?.operation !== OperationTypeNode.QUERY || !response.http) return;
          const cached = usesCache(contextValue, request.request.http !== undefined) && contextValue.cache.epoch !== null && availability.usable;
          const status = cached ? 'MISS' : 'BYPASS';
          response.http.headers.set(CACHE_STATUS_HEADER, status);
          counter.inc({ status });
          if (cached) await keep(request);
        },
      };
    },
  };
}
