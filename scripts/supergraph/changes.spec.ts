import { describe, expect, it } from 'vitest';
import { compareApiSchemas, formatSchemaChanges } from './changes';

const before = /* GraphQL */ `
  type Query {
    product(id: ID!): Product
    products(first: Int = 20): [Product!]!
  }
  type Product {
    id: ID!
    name: String!
    price: Int!
    stock: Int!
  }
  enum OrderStatus { PENDING CANCELLED }
  input ProductFilter { colour: String }
  type Mutation { cancel(status: OrderStatus): Boolean }
`;

describe('compareApiSchemas', () => {
  it('reports a removed field, a changed type and a new required argument with the field they break', () => {
    const after = before.replace('stock: Int!', '').replace('price: Int!', 'price: String!').replace('product(id: ID!)', 'product(id: ID!, locale: String!)');
    const { breaking } = compareApiSchemas(before, after);
    expect(breaking.map((change) => [change.kind, change.coordinate])).toEqual(
      expect.arrayContaining([
        ['FIELD_REMOVED', 'Product.stock'],
        ['FIELD_CHANGED_KIND', 'Product.price'],
        ['REQUIRED_ARG_ADDED', 'Query.product(locale:)'],
      ]),
    );
    expect(breaking).toHaveLength(3);

    const lines = formatSchemaChanges({ breaking, dangerous: [] });
    expect(lines).toContain('BREAKING  Product.stock: Product.stock was removed. (FIELD_REMOVED)');
    expect(lines.find((line) => line.includes('Product.price'))).toContain('from Int! to String!');
    expect(lines.find((line) => line.includes('locale'))).toMatch(/^BREAKING {2}Query\.product\(locale:\)/);
  });

  it('names the enum value, input field and type of other breaking changes', () => {
    const after = before
      .replace('PENDING CANCELLED', 'PENDING')
      .replace('colour: String', 'colour: String, size: Int!')
      .replace(/type Mutation \{[^}]*\}/, '');
    const coordinates = compareApiSchemas(before, after).breaking.map((change) => change.coordinate);
    expect(coordinates).toEqual(expect.arrayContaining(['OrderStatus.CANCELLED', 'ProductFilter.size', 'Mutation']));
  });

  it('does not count an added optional field or argument as breaking', () => {
    const after = before
      .replace('stock: Int!', 'stock: Int!\n    description: String')
      .replace('products(first: Int = 20)', 'products(first: Int = 20, search: String)');
    const changes = compareApiSchemas(before, after);
    expect(changes.breaking).toEqual([]);
    expect(formatSchemaChanges(changes).filter((line) => line.startsWith('BREAKING'))).toEqual([]);
  });

  it('reports a new enum value and a changed default as dangerous', () => {
    const after = before.replace('PENDING CANCELLED', 'PENDING CANCELLED REFUNDED').replace('= 20', '= 50');
    const { breaking, dangerous } = compareApiSchemas(before, after);
    expect(breaking).toEqual([]);
    expect(dangerous.map((change) => change.coordinate).sort()).toEqual(['OrderStatus.REFUNDED', 'Query.products(first:)']);
  });
});
