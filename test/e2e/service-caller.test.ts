import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceCallerHeaders } from '../../runtime/auth/service-caller';
import { expectData, graphql, unique } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testEnv } from '../support/test-env';
import { asStaff } from '../support/tokens';

const RELEASE = `mutation($reservationId: ID!) { releaseStock(reservationId: $reservationId) }`;

describe('a service signature sent by a client', () => {
  let supergraph: RunningSupergraph;
  beforeAll(async () => {
    supergraph = await startSupergraph();
  }, 120_000);
  afterAll(() => supergraph?.stop());

  // reserveStock is @inaccessible, so the router refuses it before any subgraph is asked, signature or not.
  it('is not passed on by the router: even a valid one is refused there, while the catalog itself accepts it', async () => {
    const product = await expectData(
      supergraph.routerUrl,
      `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
      { input: { name: unique('Router Orchid'), priceMinor: 1500, stock: 3 } },
      await asStaff(),
    );
    const reservationId = randomUUID();
    const reserve = `mutation($reservationId: ID!, $lines: [StockReservationLineInput!]!) { reserveStock(reservationId: $reservationId, lines: $lines) { stock } }`;
    const variables = { reservationId, lines: [{ productId: product.createProduct.id, quantity: 1 }] };
    const signed = serviceCallerHeaders('orders', testEnv.INTERNAL_SECRET);

    expect((await graphql(supergraph.routerUrl, reserve, variables, signed)).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const catalogUrl = supergraph.subgraphs.get('catalog')!.url;
    expect((await expectData(catalogUrl, reserve, variables, signed)).reserveStock).toEqual([{ stock: 2 }]);
    expect((await expectData(catalogUrl, RELEASE, { reservationId }, signed)).releaseStock).toBe(1);
  });
});
