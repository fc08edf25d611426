import { Kind, buildSchema, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from './operation-measure';

const schema = buildSchema(`
  type Query {
    product(id: ID!): Product
    products(first: Int! = 20): ProductConnection!
    featured: [Product!]!
    tickets(limit: Int): [Ticket!]!
  }
  type Mutation { addToCart(id: ID!): Cart }
  type Cart { lines: [Line!]! }
  type Line { product: Product }
  type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! }
  type ProductEdge { node: Product! }
  type PageInfo { hasNextPage: Boolean! }
  type Product { id: ID! name: String! related: [Product!]! reviews(first: Int! = 3): [Review!]! }
  type Review { id: ID! rating: Int! }
  type Ticket { id: ID! }
`);

const measure = (source: string, variables: Record<string, unknown> = {}) => {
  const document = parse(source);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  return measureOperation(schema, operation, fragments, variables, { defaultListSize: 10 });
};

describe('measuring an operation', () => {
  it('counts depth by nested fields, not by fragments', () => {
    expect(measure('{ product(id: 1) { id } }').depth).toBe(2);
    expect(measure('{ product(id: 1) { ...P } } fragment P on Product { related { ... on Product { related { id } } } }').depth).toBe(4);
  });

  it('counts every alias, also inside fragments, once per use', () => {
    expect(measure('{ a: product(id: 1) { n: name } b: product(id: 2) { ...P } } fragment P on Product { x: id }').aliases).toBe(4);
    expect(measure('{ product(id: 1) { ...P } other: product(id: 2) { ...P } } fragment P on Product { x: id }').aliases).toBe(3);
  });

  it('costs each field 1 and multiplies what is under a list by its size', () => {
    expect(measure('{ product(id: 1) { id name } }').cost).toBe(3);
    // featured: no size argument, the default 10 items of (1 + 1) each
    expect(measure('{ featured { id name } }').cost).toBe(1 + 10 * 2);
    expect(measure('{ tickets(limit: 4) { id } }').cost).toBe(1 + 4 * 1);
  });

  it('takes the size of a connection from its argument, a variable or the schema default, and counts the page once', () => {
    const page = '{ edges { node { id } } pageInfo { hasNextPage } }';
    // products 1 + edges (1 + size × (node 1 + id 1)) + pageInfo 2
    expect(measure(`{ products(first: 5) ${page} }`).cost).toBe(1 + (1 + 5 * 2) + 2);
    expect(measure(`query($n: Int!) { products(first: $n) ${page} }`, { n: 50 }).cost).toBe(1 + (1 + 50 * 2) + 2);
    expect(measure(`query($n: Int! = 7) { products(first: $n) ${page} }`).cost).toBe(1 + (1 + 7 * 2) + 2);
    expect(measure(`{ products ${page} }`).cost).toBe(1 + (1 + 20 * 2) + 2);
  });

  it('multiplies nested lists', () => {
    // related: 10 × (id 1 + reviews(first: 3): 1 + 3 × 1)
    expect(measure('{ product(id: 1) { related { id reviews { id } } } }').cost).toBe(1 + 1 + 10 * (1 + 1 + 3));
  });

  it('measures mutations against the mutation type', () => {
    expect(measure('mutation { addToCart(id: 1) { lines { product { id } } } }')).toEqual({ depth: 4, aliases: 0, cost: 1 + 1 + 10 * 2 });
  });

  it('leaves introspection out', () => {
    expect(measure('{ __schema { types { fields { type { ofType { ofType { name } } } } } } __typename }')).toEqual({ depth: 1, aliases: 0, cost: 1 });
  });
});
