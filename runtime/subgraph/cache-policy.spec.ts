import { maybeCacheControlFromInfo } from '@apollo/cache-control-types';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, type GraphQLResolveInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AnswerCachePolicy, cachePolicyPlugin, operationCachePolicy } from './cache-policy';

// A small shop in SDL with hints of every kind: type hints, field hints that override them, inheritMaxAge on a
// value type and on a field, a PRIVATE field, an unhinted object field, an interface and an entity.
const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  enum CacheControlScope { PUBLIC PRIVATE }
  directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION

  type Query {
    products: [Product!]! @cacheControl(maxAge: 300)
    product(id: ID!): Product
    me: Customer @cacheControl(maxAge: 60, scope: PRIVATE)
    version: String
    listed: Listed @cacheControl(maxAge: 120)
    shortLived: Product @cacheControl(maxAge: 5)
  }
  type Product @key(fields: "id") @cacheControl(maxAge: 200) {
    id: ID!
    name: String!
    price: Money!
    stock: Int! @cacheControl(maxAge: 30)
    category: Category
    related: [Product!]! @cacheControl(inheritMaxAge: true)
    wished: Boolean
  }
  type Money @cacheControl(inheritMaxAge: true) { amount: Int! currency: String! }
  type Category { id: ID! name: String! }
  type Customer @key(fields: "id") { id: ID! name: String! }
  interface Listed { id: ID! }
  type Bouquet implements Listed @cacheControl(maxAge: 100) { id: ID! stems: Int! @cacheControl(maxAge: 50) }
  type Vase implements Listed @cacheControl(maxAge: 400) { id: ID! }
  type Review @key(fields: "id") { id: ID! body: String! }
`);

const product = (id: string) => ({
  id,
  name: `Rose ${id}`,
  price: { amount: 1000, currency: 'CLP' },
  stock: 3,
  category: { id: 'c', name: 'Roses' },
  related: [],
});
const resolvers = {
  Query: {
    products: () => [product('1'), { ...product('2'), related: [product('3')] }],
    product: (_: unknown, { id }: { id: string }) => product(id),
    me: () => ({ id: 'me', name: 'Ana' }),
    version: () => '1',
    listed: () => ({ __typename: 'Bouquet', id: 'b', stems: 12 }),
    shortLived: () => product('9'),
  },
  Product: {
    __resolveReference: ({ id }: { id: string }) => product(id),
    // The caller's own answer: restricted both ways, Apollo's (per field) and this project's (per request).
    wished: (_: unknown, __: unknown, context: { cachePolicy?: AnswerCachePolicy }, info: GraphQLResolveInfo) => {
      maybeCacheControlFromInfo(info)?.cacheHint.restrict({ scope: 'PRIVATE' });
      context.cachePolicy?.restrict({ scope: 'PRIVATE' });
      return true;
    },
  },
  Customer: { __resolveReference: ({ id }: { id: string }) => ({ id, name: 'Ana' }) },
  Review: { __resolveReference: ({ id }: { id: string }) => ({ id, body: 'Lovely' }) },
  Listed: { __resolveType: (value: { __typename: string }) => value.__typename },
};

const schema = buildSubgraphSchema([{ typeDefs, resolvers }]);
const apollos = new ApolloServer({ schema });
const ours = new ApolloServer<{ cachePolicy: AnswerCachePolicy }>({ schema, plugins: [ApolloServerPluginCacheControlDisabled(), cachePolicyPlugin()] });

async function headers(query: string, variables?: Record<string, unknown>) {
  const theirs = await apollos.executeOperation({ query, variables });
  const mine = await ours.executeOperation({ query, variables }, { contextValue: { cachePolicy: new AnswerCachePolicy() } });
  return { theirs: theirs.http.headers.get('cache-control'), ours: mine.http.headers.get('cache-control') };
}

describe('the cache policy worked out from the document', () => {
  it.each([
    ['a root field hinted on the field', '{ products { id name } }', 'max-age=300, public'],
    ['an object field with its type hint, then a field hint lower than it', '{ products { id stock } }', 'max-age=30, public'],
    ['an unhinted object field (max-age 0: not cacheable)', '{ products { category { name } } }', 'no-store'],
    ['a value type that inherits (Money)', '{ products { price { amount currency } } }', 'max-age=300, public'],
    ['a field that inherits (related), nested', '{ products { related { id name } } }', 'max-age=200, public'],
    ['a root field without hint on its own', '{ version }', 'no-store'],
    ['a root object field hinted by its type', '{ product(id: "1") { id } }', 'max-age=200, public'],
    ['a PRIVATE root field', '{ me { id name } }', 'max-age=60, private'],
    ['the lowest of several root fields', '{ products { id } shortLived { id } }', 'max-age=5, public'],
    ['a dynamic PRIVATE restriction', '{ products { id wished } }', 'max-age=300, private'],
    [
      'named and inline fragments, and __typename',
      'query Page { products { ...Card __typename } } fragment Card on Product { ... on Product { stock } name }',
      'max-age=30, public',
    ],
    ['an interface and its types', '{ listed { id ... on Bouquet { stems } } }', 'max-age=50, public'],
    ['only `__typename` (no field of the schema resolves)', '{ __typename }', 'no-store'],
  ])('%s: as Apollo works it out field by field', async (_what, query, expected) => {
    const found = await headers(query);
    expect(found.ours).toBe(expected);
    expect(found.ours).toBe(found.theirs);
  });

  it('hints `_entities` by the types of the representations, as @apollo/subgraph does', async () => {
    const query =
      'query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { name stock } ... on Customer { name } ... on Review { body } } }';
    for (const [representations, expected] of [
      [[{ __typename: 'Product', id: '1' }], 'max-age=30, public'],
      // An unhinted entity type beside a hinted one does not lower it (Apollo's rule too).
      [
        [
          { __typename: 'Product', id: '1' },
          { __typename: 'Customer', id: '2' },
        ],
        'max-age=30, public',
      ],
      [[{ __typename: 'Review', id: '1' }], 'no-store'],
      [[], 'no-store'],
    ] as const) {
      const found = await headers(query, { representations });
      expect(found.ours).toBe(expected);
      expect(found.ours).toBe(found.theirs);
    }
    // Whatever the variable is called, or given in the document itself.
    expect(
      (await headers('query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { name } } }', { r: [{ __typename: 'Product', id: '1' }] })).ours,
    ).toBe('max-age=200, public');
    expect((await headers('{ _entities(representations: [{ __typename: "Product", id: "1" }]) { ... on Product { name } } }')).ours).toBe(
      'max-age=200, public',
    );
  });

  it('is never more cacheable than Apollo: a field a null leaves unresolved still counts', async () => {
    // Product 1 relates to nothing, so Apollo never meets the unhinted `category`; a document asking for it is
    // not cacheable here whatever the data.
    const found = await headers('{ product(id: "1") { related { category { name } } } }');
    expect(found.theirs).toBe('max-age=200, public');
    expect(found.ours).toBe('no-store');
  });

  it('answers with errors, and mutations, are not cacheable', async () => {
    expect((await headers('{ product { id } }')).ours).toBe('no-store');
    const mine = await ours.executeOperation({ query: 'mutation { __typename }' }, { contextValue: { cachePolicy: new AnswerCachePolicy() } });
    expect(mine.http.headers.get('cache-control')).toBe('no-store');
  });

  it('works each document out once, and no request changes what the next one gets', async () => {
    const document = parse('{ products { id wished } }');
    const first = operationCachePolicy(schema, document, undefined);
    expect(operationCachePolicy(schema, document, undefined)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    // A request whose resolver made its answer private, then one without it: the second is public again.
    expect((await headers('{ products { id wished } }')).ours).toBe('max-age=300, private');
    expect((await headers('{ products { id } }')).ours).toBe('max-age=300, public');
  });
});
