import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allow } from 'graphql-shield';
import { Arg, Ctx, Directive, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { DomainError } from '../errors';
import { CacheTags, reportedCacheTags } from '../graphql/cache-tags';
import type { SubgraphContext } from './context';
import { defineSubgraph } from './definition';
import { buildFederatedSchema } from './federated-schema';
import type { StartedSubgraph } from './start';
import { callSubgraph } from './subgraph-client';

type ProbeContext = SubgraphContext<{ peerUrl?: string }, object>;

@Directive('@key(fields: "id")')
@ObjectType()
class Thing {
  @Field(() => ID)
  id!: string;
}

@Resolver()
class ThingResolver {
  @Query(() => Thing)
  thing(@Arg('id', () => ID) id: string, @Ctx() { cacheTags }: ProbeContext): Thing {
    cacheTags.read('Thing', id);
    return { id };
  }

  @Mutation(() => Boolean)
  renameThing(@Arg('id', () => ID) id: string, @Ctx() { cacheTags }: ProbeContext): boolean {
    cacheTags.changed('Thing', id);
    return true;
  }

  @Mutation(() => Boolean)
  silentWrite(): boolean {
    return true;
  }

  @Mutation(() => Boolean)
  refusedWrite(@Ctx() { cacheTags }: ProbeContext): boolean {
    cacheTags.changedNothing();
    throw new DomainError('OUT_OF_STOCK', 'none left', { available: 0 });
  }

  /** Calls the peer's mutation on this request's behalf. */
  @Mutation(() => Boolean)
  async relay(@Arg('mutation', () => String) mutation: string, @Ctx() { providers, cacheTags, requestId }: ProbeContext): Promise<boolean> {
    await callSubgraph('peer', providers.peerUrl!, `mutation { ${mutation} }`, {}, { requestId, cacheTags });
    return true;
  }
}

const probe = (name: string, peerUrl?: string) =>
  defineSubgraph({
    name,
    defaultPort: 0,
    env: {},
    schema: () => buildFederatedSchema<ProbeContext>({ resolvers: [ThingResolver], references: { Thing: (reference: { id: string }) => reference } }),
    openStores: async () => ({ providers: { peerUrl }, readiness: [], close: async () => {} }),
    loaders: () => ({}),
    permissions: { Query: { '*': allow }, Mutation: { '*': allow }, Thing: allow },
  });

const tagsOf = async (url: string, query: string, variables: Record<string, unknown> = {}) => {
  const response = await graphql(url, query, variables);
  expect(response.errors).toBeUndefined();
  return reportedCacheTags(response.extensions);
};

describe('cache tags reported by a subgraph', () => {
  let peer: StartedSubgraph<unknown>;
  let caller: StartedSubgraph<unknown>;
  beforeAll(async () => {
    peer = await startTestSubgraph(probe('peer'));
    caller = await startTestSubgraph(probe('caller', peer.url));
  });
  afterAll(async () => {
    await caller?.stop();
    await peer?.stop();
  });

  it('reports what an answer read, also for entities fetched by their key', async () => {
    expect(await tagsOf(peer.url, 'query { thing(id: "t1") { id } }')).toEqual({ reads: ['peer:Thing:t1'] });
    const entities = await tagsOf(peer.url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Thing { id } } }', {
      r: [
        { __typename: 'Thing', id: 'a' },
        { __typename: 'Thing', id: 'b' },
      ],
    });
    expect(entities?.reads?.sort()).toEqual(['peer:Thing:a', 'peer:Thing:b']);
    expect(await tagsOf(peer.url, 'query { _service { sdl } }')).toBeUndefined();
  });

  it('reports what a mutation changed, and everything of the subgraph when it did not say', async () => {
    expect(await tagsOf(peer.url, 'mutation { renameThing(id: "t1") }')).toEqual({ changes: ['peer:Thing:t1'] });
    expect(await tagsOf(peer.url, 'mutation { silentWrite }')).toEqual({ changes: ['peer'] });
    const refused = await graphql(peer.url, 'mutation { refusedWrite }');
    expect(reportedCacheTags(refused.extensions)).toEqual({ changes: [] });
  });

  it('takes in what a called subgraph changed: its tags, or all of it when it said nothing', async () => {
    expect((await tagsOf(caller.url, 'mutation { relay(mutation: "renameThing(id: \\"t2\\")") }'))?.changes?.sort()).toEqual(['caller', 'peer:Thing:t2']);
    expect((await tagsOf(caller.url, 'mutation { relay(mutation: "silentWrite") }'))?.changes?.sort()).toEqual(['caller', 'peer']);
    // A callee that said it changed nothing adds nothing (the caller's refusal is its own to say).
    const relayed = await graphql(caller.url, 'mutation { relay(mutation: "refusedWrite") }');
    expect(reportedCacheTags(relayed.extensions)).toEqual({ changes: ['caller'] });
  });

  it('counts a called mutation that got no answer as a change of everything there', async () => {
    const tags = new CacheTags('caller');
    await expect(callSubgraph('gone', 'http://127.0.0.1:9/graphql', 'mutation { x }', {}, { cacheTags: tags, timeoutMs: 500 })).rejects.toThrow(
      /did not answer/,
    );
    expect(tags.report()).toEqual({ changes: ['gone'] });
    await expect(callSubgraph('gone', 'http://127.0.0.1:9/graphql', 'query { x }', {}, { cacheTags: tags, timeoutMs: 500 })).rejects.toThrow();
    expect(tags.report()).toEqual({ changes: ['gone'] });
  });
});
