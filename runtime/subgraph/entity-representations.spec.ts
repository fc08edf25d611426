import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkEntityRepresentations } from './entity-representations';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@requires", "@external"])
  type Product @key(fields: "id") { id: ID! name: String! }
  type Line @key(fields: "cartId productId quantity") {
    cartId: ID!
    productId: ID!
    quantity: Int!
    price: Int @external
    total: Int @requires(fields: "price")
  }
  type Totals @key(fields: "cartId lines { productId quantity }") { cartId: ID! lines: [Line!]! count: Int! }
  type Query { product(id: ID!): Product }
`);

const resolved: unknown[] = [];
const remember = (reference: unknown) => {
  resolved.push(reference);
  return reference;
};
const schema = buildSubgraphSchema([
  {
    typeDefs,
    resolvers: {
      Product: { __resolveReference: (reference: { id: string }) => ({ ...(remember(reference) as object), name: `Product ${reference.id}` }) },
      Line: { __resolveReference: remember },
      Totals: { __resolveReference: (reference: object) => ({ ...(remember(reference) as object), count: 1 }) },
    },
  },
]);
checkEntityRepresentations(schema, typeDefs);

const entities = async (representations: unknown[]) => {
  resolved.length = 0;
  return graphql({ schema, source: 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variableValues: { r: representations } });
};

describe('entity representations, checked before any is resolved', () => {
  it('resolves representations that carry a key of their type', async () => {
    const result = await entities([
      { __typename: 'Product', id: 'p1' },
      { __typename: 'Line', cartId: 'c', productId: 'p', quantity: 2, price: 300 },
      { __typename: 'Totals', cartId: 'c', lines: [{ productId: 'p', quantity: 2 }] },
    ]);
    expect(result.errors).toBeUndefined();
    expect(resolved).toHaveLength(3);
  });

  it.each([
    ['an operator for an id', { __typename: 'Product', id: { $gt: '' } }, /representations\[1\]\.id must be a ID, not an object/],
    ['a list for an id', { __typename: 'Product', id: ['a'] }, /representations\[1\]\.id/],
    ['a number for an id', { __typename: 'Product', id: 7 }, /id of 1 to 64 characters/],
    ['an overlong id', { __typename: 'Product', id: 'x'.repeat(65) }, /id of 1 to 64 characters/],
    ['a missing key field', { __typename: 'Line', cartId: 'c', productId: 'p' }, /representations\[1\]\.quantity is missing/],
    ['a key field of the wrong scalar', { __typename: 'Line', cartId: 'c', productId: 'p', quantity: '2' }, /quantity must be a Int/],
    ['an operator inside a nested key', { __typename: 'Totals', cartId: 'c', lines: [{ productId: { $ne: null }, quantity: 1 }] }, /lines\[0\]\.productId/],
    ['a nested key that is no list', { __typename: 'Totals', cartId: 'c', lines: { productId: 'p', quantity: 1 } }, /lines must be a list/],
    ['a required field of the wrong type', { __typename: 'Line', cartId: 'c', productId: 'p', quantity: 1, price: { $gt: 0 } }, /price must be a Int/],
    ['a type that is no entity here', { __typename: 'Query', id: 'p' }, /__typename must name an entity type/],
    ['no type at all', { id: 'p' }, /__typename must name an entity type/],
    ['no object at all', 'Product:p', /representations\[1\] must be an object/],
  ])('refuses %s with BAD_USER_INPUT naming it, resolving none', async (_case, representation, message) => {
    const result = await entities([{ __typename: 'Product', id: 'fine' }, representation]);
    expect(result.errors?.map((error) => error.extensions)).toEqual([{ code: 'BAD_USER_INPUT', field: 'representations[1]' }]);
    expect(result.errors?.[0].message).toMatch(message);
    expect(resolved).toEqual([]);
  });
});
