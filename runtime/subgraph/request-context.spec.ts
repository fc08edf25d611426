import { ApolloServer } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../logger';
import { CacheTags } from '../graphql/cache-tags';
import { AnswerCachePolicy } from './cache-policy';
import type { SubgraphContext } from './context';
import { requestContext } from './request-context';

type Loaders = { made: number };
type Context = SubgraphContext<Record<string, never>, Loaders>;

// Apollo Server runs every operation on its own copy of the context: the parts made on first use must survive it.
const server = new ApolloServer<Context>({
  typeDefs: 'type Query { plain: String, loaders: Int, loadersAgain: Int, address: String }',
  resolvers: {
    Query: {
      plain: () => 'plain',
      loaders: (_parent, _args, context: Context) => context.loaders.made,
      loadersAgain: (_parent, _args, context: Context) => context.loaders.made,
      address: (_parent, _args, context: Context) => context.clientAddress,
    },
  },
});

/** A request's context counting what it makes. */
function countingContext() {
  const counts = { loaders: 0, clientAddress: 0 };
  const context = requestContext<Record<string, never>, Loaders>(
    {
      requestId: 'request-1',
      logger: {} as Logger,
      identity: null,
      callerService: null,
      providers: {},
      cacheTags: new CacheTags('probe'),
      cachePolicy: new AnswerCachePolicy(),
    },
    () => ({ made: ++counts.loaders }),
    () => `203.0.113.${++counts.clientAddress}`,
  );
  return { context, counts };
}

async function run(query: string, contextValue: Context) {
  const response = await server.executeOperation({ query }, { contextValue });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return response.body.singleResult;
}

describe("a subgraph request's context", () => {
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('makes no loaders and checks no client address for an operation that reads neither', async () => {
    const { context, counts } = countingContext();
    expect((await run('{ plain }', context)).data).toEqual({ plain: 'plain' });
    expect(counts).toEqual({ loaders: 0, clientAddress: 0 });
  });

  it('makes each once, on first use, for every resolver of the operation', async () => {
    const { context, counts } = countingContext();
    const result = await run('{ loaders loadersAgain address again: address }', context);
    expect(result.data).toEqual({ loaders: 1, loadersAgain: 1, address: '203.0.113.1', again: '203.0.113.1' });
    expect(counts).toEqual({ loaders: 1, clientAddress: 1 });
  });

  it('gives every request loaders of its own', async () => {
    const first = countingContext();
    const second = countingContext();
    await run('{ loaders }', first.context);
    await run('{ loaders }', second.context);
    expect(first.context.loaders).not.toBe(second.context.loaders);
  });

  it('shows the parts made at once as they were given', () => {
    const { context } = countingContext();
    expect(context.requestId).toBe('request-1');
    expect(context.identity).toBeNull();
    expect(context.cacheTags).toBeInstanceOf(CacheTags);
  });
});
