import { readFileSync } from 'node:fs';
import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fieldOwnersOf, subgraphsOf } from './subgraph-owners';

const owners = fieldOwnersOf(readFileSync('schema/supergraph.graphql', 'utf8'));
const api = buildSchema(readFileSync('schema/api.graphql', 'utf8'));

describe('which subgraphs an operation reaches (read from the supergraph)', () => {
  it('knows the owner of each field, also of fields other subgraphs contribute to an entity', () => {
    expect(owners.get('Query.products')).toEqual({ graphs: ['catalog'], shared: false });
    expect(owners.get('Product.name')?.graphs).toEqual(['catalog']);
    expect(owners.get('Product.rating')?.graphs).toEqual(['reviews']);
    expect(owners.get('Product.inWishlist')?.graphs).toEqual(['wishlist']);
    expect(owners.get('Mutation.checkout')?.graphs).toEqual(['orders']);
    expect(owners.get('Money.amount')?.shared).toBe(true);
    expect(owners.get('User.orders')?.graphs).toEqual(['orders']);
  });

  it('collects the owners of every selected field, through fragments, sorted', () => {
    const page = parse(`query { products(first: 5) { edges { node { ...Card } } } } fragment Card on Product { name price { amount } rating { average } inWishlist }`);
    expect(subgraphsOf(page, api, owners)).toEqual(['catalog', 'reviews', 'wishlist']);
    const mine = parse(`query { myOrders { edges { node { status lines { product { name } } } } } }`);
    expect(subgraphsOf(mine, api, owners)).toEqual(['catalog', 'orders']);
  });
});
