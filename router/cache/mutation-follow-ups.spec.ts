import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/logger';
import { scriptedSubgraph, type ScriptedSubgraph } from '../../test/support/scripted-subgraph';
import { testEnv } from '../../test/support/test-env';
import { resilienceEnv } from '../resilience/resilience-env';
import { SubgraphResilience } from '../resilience/subgraph-resilience';
import { SubgraphDataSource } from '../subgraph-data-source';
import { RequestCache } from './request-cache';
import { SubgraphAnswerCache } from './subgraph-answer-cache';
import { TagEpochs } from './tag-epochs';
import { TaggedCache } from './tagged-cache';
import { invalidationTags } from './tag-rules';

const logger = createLogger('t', 'silent');
const BUMP = 'mutation Bump__counters__0($id:ID!){bump(id:$id){__typename id count}}';
const VALUE = 'query Bump__counters__1($representations:[_Any!]!){_entities(representations:$representations){...on Counter{value}}}';

/**
 * A counters subgraph: `bump` adds one to a counter and says it changed it; the counter's `value`, asked after the
 * mutation in the same plan (as a federated plan does across subgraphs), is public and says what it read.
 */
function countersSubgraph(counts: Map<string, number>) {
  return scriptedSubgraph((_call, res, body) => {
    const { query, variables } = JSON.parse(body) as { query: string; variables: { id?: string; representations?: Array<{ id: string }> } };
    if (query.startsWith('mutation')) {
      const id = variables.id!;
      counts.set(id, (counts.get(id) ?? 0) + 1);
      res.writeHead(200, { 'content-type': 'application/json' });
      const bump = { __typename: 'Counter', id, count: counts.get(id) };
      res.end(JSON.stringify({ data: { bump }, extensions: { cacheTags: { changes: [`counters:Counter:${id}`] } } }));
      return;
    }
    const ids = variables.representations!.map((one) => one.id);
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300, public' });
    res.end(
      JSON.stringify({
        data: { _entities: ids.map((id) => ({ value: counts.get(id) ?? 0 })) },
        extensions: { cacheTags: { reads: ids.map((id) => `counters:Counter:${id}`) } },
      }),
    );
  });
}

describe("a mutation's later calls read through the subgraph answer cache (real Redis)", () => {
  let redis: Redis;
  let epochs: TagEpochs;
  /** Two routers' caches: each its own memory, one Redis. */
  let answers: SubgraphAnswerCache[];
  let subgraph: ScriptedSubgraph;
  let resilience: SubgraphResilience;
  let sources: SubgraphDataSource[];
  const counts = new Map<string, number>();
  beforeAll(() => {
    redis = new Redis(testEnv.REDIS_URL);
    const prefix = `test:${randomUUID()}:`;
    epochs = new TagEpochs(redis, prefix);
    answers = [1, 2].map(
      () => new SubgraphAnswerCache(new TaggedCache(redis, epochs, { namespace: `${prefix}answer:`, memoryBytes: 1_000_000 }), logger, new Registry()),
    );
  });
  afterAll(() => redis.quit());
  beforeEach(async () => {
    subgraph = await countersSubgraph(counts);
    resilience = new SubgraphResilience({ ...loadConfig(resilienceEnv, {}), subgraphTimeouts: new Map() }, new Registry(), logger);
    sources = answers.map(
      (routerAnswers) =>
        new SubgraphDataSource({ name: 'counters', url: subgraph.url, fetcher: resilience.fetcherFor('counters'), answers: routerAnswers }, undefined),
    );
  });
  afterEach(async () => {
    await subgraph.stop();
    await resilience.close();
  });

  /** One client mutation, as the router runs it: the epoch first, changes invalidated as they are reported (or not). */
  async function bumpAndRead(ids: { bumped: string; read: string }, asItGoes = true) {
    return (await bumpThenRead(ids, asItGoes)).read;
  }

  /** The count the mutation's own bump made, and the value its plan read after it. */
  async function bumpThenRead(ids: { bumped: string; read: string }, asItGoes = true, router = 0) {
    const source = sources[router];
    const cache = new RequestCache();
    cache.epoch = await epochs.now();
    if (asItGoes) cache.invalidateAsItGoes((changes) => epochs.invalidate(invalidationTags(changes)).then(() => true));
    const context = { requestId: randomUUID(), logger, identity: null, clientAddress: '203.0.113.9', arrivedAt: performance.now(), cache };
    const asked = (query: string, variables: Record<string, unknown>) =>
      ({
        kind: 'incoming operation',
        request: { query, variables },
        context,
        incomingRequestContext: { context, operation: { operation: 'mutation' } },
      }) as never;
    const bumped = await source.process(asked(BUMP, { id: ids.bumped }));
    const read = await source.process(asked(VALUE, { representations: [{ __typename: 'Counter', id: ids.read }] }));
    return {
      bumpedTo: (bumped.data as { bump: { count: number } }).bump.count,
      read: (read.data as { _entities: Array<{ value: number }> })._entities[0].value,
    };
  }

  const valueCalls = () => subgraph.calls.filter((call) => call.body.includes('_entities')).length;

  it('shows what the mutation changed, even where an answer from before it was kept', async () => {
    const id = randomUUID();
    expect(await bumpAndRead({ bumped: id, read: id })).toBe(1);
    expect(await bumpAndRead({ bumped: id, read: id })).toBe(2);
    expect(await bumpAndRead({ bumped: id, read: id })).toBe(3);
    expect(valueCalls()).toBe(3);
  });

  it('never shows a mutation a value from before its own write when the same mutation races itself through two routers', async () => {
    for (let round = 0; round < 5; round += 1) {
      const id = randomUUID();
      const results = await Promise.all(Array.from({ length: 6 }, (_, tap) => bumpThenRead({ bumped: id, read: id }, true, tap % 2)));
      for (const { bumpedTo, read } of results) expect(read).toBeGreaterThanOrEqual(bumpedTo);
      expect(results.map((result) => result.bumpedTo).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it('answers from the cache what the mutation did not change', async () => {
    const [bumped, other] = [randomUUID(), randomUUID()];
    counts.set(other, 7);
    expect(await bumpAndRead({ bumped, read: other })).toBe(7);
    expect(await bumpAndRead({ bumped, read: other })).toBe(7);
    expect(valueCalls()).toBe(1);
  });

  it('never answers from the cache when the changes are not invalidated as they go', async () => {
    const [bumped, other] = [randomUUID(), randomUUID()];
    await bumpAndRead({ bumped, read: other }, false);
    await bumpAndRead({ bumped, read: other }, false);
    expect(valueCalls()).toBe(2);
  });
});
