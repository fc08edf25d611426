import { describe, expect, it } from 'vitest';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql as execute, parse, type GraphQLObjectType } from 'graphql';
import { allow } from 'graphql-shield';
import { guardSchema } from './guard-schema';
import { isStaff } from './rules';

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
