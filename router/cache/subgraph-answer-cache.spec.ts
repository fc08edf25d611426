import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../runtime/auth/identity';
import { createLogger } from '../../runtime/logger';
import { testEnv } from '../../test/support/test-env';
import { KeepAdmission } from './keep-admission';
import { SubgraphAnswerCache, type CalledAnswer, type SubgraphCall } from './subgraph-answer-cache';
import { TagEpochs } from './tag-epochs';
import { TaggedCache } from './tagged-cache';

const RATINGS = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Product{rating{average}}}}';
const product = (id: string) => ({ __typename: 'Product', id });
const customer = (accountId: string): Identity => ({ accountId, roles: ['CUSTOMER'] });

/** A subgraph that rates every product it is asked for, and records the calls it got. */
function ratingSubgraph(cacheControl: string | null = 'max-age=300, public', failing: string[] = []) {
  const calls: SubgraphCall[] = [];
  const call = async (request: SubgraphCall): Promise<CalledAnswer> => {
    calls.push(request);
    const asked = request.variables!.representations as Array<{ id: string }>;
    const errors = asked.flatMap((one, index) => (failing.includes(one.id) ? [{ message: 'no rating', path: ['_entities', index, 'rating'] }] : []));
    return {
      answer: {
        data: { _entities: asked.map((one) => (failing.includes(one.id) ? null : { rating: { average: one.id.length } })) },
        ...(errors.length ? { errors } : {}),
      },
      cacheControl,
      tags: ['reviews', ...asked.map((one) => `reviews:Product:${one.id}`)],
    };
  };
  return { calls, call };
}

describe('subgraph answers cached per call and per entity (real Redis)', () => {
  let redis: Redis;
  let answers: SubgraphAnswerCache;
  let epochs: TagEpochs;
  const registry = new Registry();
  beforeAll(() => {
    redis = new Redis(testEnv.REDIS_URL);
    const prefix = `test:${randomUUID()}:`;
    epochs = new TagEpochs(redis, prefix);
    answers = new SubgraphAnswerCache(
      new TaggedCache(redis, epochs, { namespace: `${prefix}answer:`, memoryBytes: 1_000_000 }),
      createLogger('t', 'silent'),
      registry,
    );
  });
  afterAll(() => redis.quit());

  const serve = async (representations: unknown[], identity: Identity | null, subgraph: ReturnType<typeof ratingSubgraph>) =>
    answers.serve('reviews', { query: RATINGS, variables: { representations } }, identity, await epochs.now(), subgraph.call);

  it('asks the subgraph only for the entities it has not kept, and answers them all in the order asked', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const subgraph = ratingSubgraph();
    await serve([product(a), product(b)], null, subgraph); // learns that ratings answer publicly, and keeps them
    const served = await serve([product(b), product(c), product(a)], null, subgraph);
    expect(subgraph.calls.map((call) => (call.variables!.representations as Array<{ id: string }>).map((one) => one.id))).toEqual([[a, b], [c]]);
    expect(served.answer.data).toEqual({
      _entities: [{ rating: { average: b.length } }, { rating: { average: c.length } }, { rating: { average: a.length } }],
    });
    expect(served.cachedParts).toHaveLength(2);
  });

  it('puts an error back at the position the client asked, and keeps nothing of that entity', async () => {
    const [good, bad] = [randomUUID(), `bad-${randomUUID()}`];
    const subgraph = ratingSubgraph('max-age=300, public', [bad]);
    await serve([product(good)], null, subgraph); // kept
    const served = await serve([product(good), product(bad)], null, subgraph);
    expect(served.answer.errors).toEqual([{ message: 'no rating', path: ['_entities', 1, 'rating'] }]);
    expect(served.answer.data).toEqual({ _entities: [{ rating: { average: good.length } }, null] });
    await serve([product(bad)], null, subgraph);
    expect(subgraph.calls.filter((call) => JSON.stringify(call.variables).includes(bad))).toHaveLength(2);
  });

  it("keeps a private answer per account: another customer's call goes to the subgraph", async () => {
    const id = randomUUID();
    const subgraph = ratingSubgraph('max-age=300, private');
    const [ana, bea] = [customer(randomUUID()), customer(randomUUID())];
    for (let i = 0; i < 3; i += 1) await serve([product(id)], ana, subgraph);
    expect(subgraph.calls).toHaveLength(1); // learnt private and kept for ana
    await serve([product(id)], bea, subgraph);
    await serve([product(id)], null, subgraph); // nobody's to keep
    await serve([product(id)], null, subgraph);
    expect(subgraph.calls).toHaveLength(4);
  });

  it('keeps nothing the subgraph does not let it keep, and drops an entity once its tags are invalidated', async () => {
    const id = randomUUID();
    const uncacheable = ratingSubgraph(null);
    for (let i = 0; i < 3; i += 1) await serve([product(id)], null, uncacheable);
    expect(uncacheable.calls).toHaveLength(3);
    const cacheable = ratingSubgraph();
    for (let i = 0; i < 3; i += 1) await serve([product(id)], null, cacheable);
    expect(cacheable.calls).toHaveLength(1);
    await epochs.invalidate([`reviews:Product:${id}`]);
    await serve([product(id)], null, cacheable);
    expect(cacheable.calls).toHaveLength(2);
  });

  it('answers a call that leaves a defaulted variable out from the one that sent the default, not one that sent null', async () => {
    const marker = randomUUID();
    const query = `query($first:Int=24$sortBy:String="RELEVANCE"$marker:ID!){products(first:$first sortBy:$sortBy marker:$marker){id}}`;
    const calls: SubgraphCall[] = [];
    const call = async (request: SubgraphCall): Promise<CalledAnswer> => {
      calls.push(request);
      return { answer: { data: { products: [] } }, cacheControl: 'max-age=300, public', tags: [`catalog:Marker:${marker}`] };
    };
    const serveRoot = async (variables: Record<string, unknown>) => answers.serve('catalog', { query, variables }, null, await epochs.now(), call);
    await serveRoot({ marker, first: 24, sortBy: 'RELEVANCE' }); // called and kept
    await serveRoot({ sortBy: 'RELEVANCE', first: 24, marker });
    await serveRoot({ marker }); // the same call
    expect(calls).toHaveLength(1);
    await serveRoot({ marker, sortBy: null });
    expect(calls).toHaveLength(2);
  });

  it("shares answers between calls that ask the same for different client operations (the gateway's names apart)", async () => {
    const id = randomUUID();
    const subgraph = ratingSubgraph();
    const named = (name: string) => RATINGS.replace('query(', `query ${name}__reviews__1(`);
    const serveAs = async (query: string) =>
      answers.serve('reviews', { query, variables: { representations: [product(id)] } }, null, await epochs.now(), subgraph.call);
    await serveAs(named('CategoryPage'));
    const served = await serveAs(named('ProductPage'));
    expect(served.answer.data).toEqual({ _entities: [{ rating: { average: id.length } }] });
    expect(subgraph.calls).toHaveLength(1);
    await serveAs(named('ProductPage').replace('rating{average}', 'rating{average count}'));
    expect(subgraph.calls).toHaveLength(2);
  });

  it('learns a call once for every client operation name it comes under, so new names do not grow what it holds', async () => {
    const learning = new SubgraphAnswerCache(
      new TaggedCache(redis, epochs, { namespace: `test:${randomUUID()}:answer:`, memoryBytes: 0 }),
      createLogger('t', 'silent'),
      new Registry(),
    );
    const subgraph = ratingSubgraph();
    const id = randomUUID();
    for (let sent = 0; sent < 50; sent += 1) {
      const query = RATINGS.replace('query(', `query Distinct${sent}__reviews__0(`);
      await learning.serve('reviews', { query, variables: { representations: [product(id)] } }, null, await epochs.now(), subgraph.call);
    }
    expect(subgraph.calls).toHaveLength(1);
    // What it learnt of the calls' variables: one operation, whatever it was named (a hostile client sends a new name each time).
    const learnt = (learning as unknown as { variables: { declared: { size: number } } }).variables.declared;
    expect(learnt.size).toBe(1);
  });

  it('counts a call whose kept answer a write invalidated as STALE, apart from one asked for the first time (MISS)', async () => {
    const counted = async () => {
      const { values } = await registry.getSingleMetric('router_subgraph_cache_total')!.get();
      return Object.fromEntries(
        ['HIT', 'MISS', 'STALE'].map((status) => [status, values.filter((one) => one.labels.status === status).reduce((sum, one) => sum + one.value, 0)]),
      );
    };
    const [kept, fresh] = [randomUUID(), randomUUID()];
    const subgraph = ratingSubgraph();
    await serve([product(kept)], null, subgraph);
    await epochs.invalidate([`reviews:Product:${kept}`]);
    const before = await counted();
    await serve([product(kept), product(fresh)], null, subgraph);
    await serve([product(kept), product(fresh)], null, subgraph);
    const after = await counted();
    expect({ HIT: after.HIT - before.HIT, MISS: after.MISS - before.MISS, STALE: after.STALE - before.STALE }).toEqual({ HIT: 2, MISS: 1, STALE: 1 });

    const root = { query: '{ categories { id } }', variables: { marker: randomUUID() } };
    const call = async (): Promise<CalledAnswer> => ({
      answer: { data: { categories: [] } },
      cacheControl: 'max-age=300, public',
      tags: [`catalog:Category:${root.variables.marker}`],
    });
    await answers.serve('catalog', root, null, await epochs.now(), call); // learns that it answers publicly
    await answers.serve('catalog', root, null, await epochs.now(), call); // kept
    await epochs.invalidate([`catalog:Category:${root.variables.marker}`]);
    const beforeRoot = await counted();
    await answers.serve('catalog', root, null, await epochs.now(), call);
    expect((await counted()).STALE - beforeRoot.STALE).toBe(1);
  });

  it('keeps the answers of a call asked with new variables every time only on their second asking (a search box)', async () => {
    const prefix = `test:${randomUUID()}:`;
    const cache = new TaggedCache(redis, epochs, { namespace: `${prefix}answer:`, memoryBytes: 1_000_000, admission: new KeepAdmission() });
    const admitted = new SubgraphAnswerCache(cache, createLogger('t', 'silent'), new Registry());
    let calls = 0;
    const call = async (): Promise<CalledAnswer> => {
      calls += 1;
      return { answer: { data: { products: [] } }, cacheControl: 'max-age=300, public', tags: ['catalog:Product'] };
    };
    const search = async (words: string) =>
      admitted.serve('catalog', { query: 'query($words: String) { products(search: $words) { id } }', variables: { words } }, null, await epochs.now(), call);
    for (let n = 0; n < 100; n += 1) await search(`${prefix}${n}`); // each kept, none asked again

    const words = `${prefix}asked again`;
    await search(words); // not kept
    await search(words); // called again, and kept now
    const third = await search(words);
    expect(calls).toBe(102);
    expect(third.cachedParts).toHaveLength(1);
  });
});
