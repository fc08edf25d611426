import { describe, expect, it } from 'vitest';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql as execute, parse, type GraphQLObjectType } from 'graphql';
import { allow } from 'graphql-shield';
import { guardSchema } from './guard-schema';
import { isOwnerOrStaff, isStaff } from './rules';

const schema = () =>
  buildSubgraphSchema({
    typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { open: String, staffOnly: String, unnamed: String, item: Item }
      type Item @key(fields: "name") { name: String, secret: String }`),
    resolvers: {
      Query: { open: () => 'open', staffOnly: () => 'staff', unnamed: () => 'unnamed', item: () => ({ name: 'rose', secret: 'price list' }) },
    },
  });

describe('guardSchema', () => {
  const rules = { Query: { open: allow, staffOnly: isStaff, item: allow }, Item: { name: allow } };

  it('leaves the resolvers of allowed fields as they are, and wraps every other field', () => {
    const original = schema();
    const guarded = guardSchema(original, rules);
    const fields = (type: GraphQLObjectType | null | undefined) => type!.getFields();
    expect(fields(guarded.getQueryType()).open.resolve).toBe(fields(original.getQueryType()).open.resolve);
    expect(fields(guarded.getQueryType()).staffOnly.resolve).not.toBe(fields(original.getQueryType()).staffOnly.resolve);
    expect(fields(guarded.getQueryType()).unnamed.resolve).not.toBe(fields(original.getQueryType()).unnamed.resolve);
  });

  it('still denies what no rule allows, and checks the rules that are not allow', async () => {
    const guarded = guardSchema(schema(), rules);
    const result = await execute({ schema: guarded, source: '{ open staffOnly unnamed item { name secret } }', contextValue: { identity: null } });
    expect(result.data).toEqual({ open: 'open', staffOnly: null, unnamed: null, item: { name: 'rose', secret: null } });
    expect(result.errors?.map((error) => [error.path?.join('.'), error.extensions.code]).sort()).toEqual([
      ['item.secret', 'FORBIDDEN'],
      ['staffOnly', 'UNAUTHENTICATED'],
      ['unnamed', 'FORBIDDEN'],
    ]);
  });
});

describe('isOwnerOrStaff in one request', () => {
  const ownedSchema = () =>
    buildSubgraphSchema({
      typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
        type Query { notes: [Note!]! }
        type Note @key(fields: "id") { id: ID, text: String, owner: String }`),
      resolvers: {
        Query: {
          notes: () => [
            { id: 'n1', ownerId: 'ana', text: 'ana 1', owner: 'ana' },
            { id: 'n2', ownerId: 'bea', text: 'bea 1', owner: 'bea' },
            { id: 'n3', ownerId: 'ana', text: 'ana 2', owner: 'ana' },
            { id: 'n4', ownerId: null, text: 'nobody', owner: null },
            { id: 'n5', ownerId: 'null', text: 'an account named null', owner: 'null' },
          ],
        },
      },
    });
  const ownsThisNote = isOwnerOrStaff('spec.Note', (note: { ownerId: string | null }) => note.ownerId);
  const guarded = guardSchema(ownedSchema(), { Query: { notes: allow }, Note: ownsThisNote });
  const run = async (identity: unknown) => {
    const result = await execute({ schema: guarded, source: '{ notes { id text } }', contextValue: { identity } });
    return { ...result, texts: (result.data?.notes as Array<{ text: string | null }> | undefined)?.map((note) => note.text) };
  };

  it('answers each object by its own owner, though it remembers answers for the request', async () => {
    const asAna = await run({ accountId: 'ana', roles: ['CUSTOMER'] });
    expect(asAna.data?.notes).toEqual([
      { id: 'n1', text: 'ana 1' },
      { id: null, text: null },
      { id: 'n3', text: 'ana 2' },
      { id: null, text: null },
      { id: null, text: null },
    ]);
    expect(new Set(asAna.errors?.map((error) => error.extensions.code))).toEqual(new Set(['FORBIDDEN']));
    expect(asAna.errors?.map((error) => error.path?.[1]).sort()).toEqual([1, 1, 3, 3, 4, 4]);

    const asBea = await run({ accountId: 'bea', roles: ['CUSTOMER'] });
    expect(asBea.texts).toEqual([null, 'bea 1', null, null, null]);
    const asStaff = await run({ accountId: 'carla', roles: ['STAFF'] });
    expect(asStaff.texts).toEqual(['ana 1', 'bea 1', 'ana 2', 'nobody', 'an account named null']);
  });

  it('does not mistake an owner named "null" for no owner', async () => {
    const asNull = await run({ accountId: 'null', roles: ['CUSTOMER'] });
    expect(asNull.texts).toEqual([null, null, null, null, 'an account named null']);
  });
});
