import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { readOrderSubscription, type OrderSubscription } from './order-subscription';

const schema = buildSchema(`
  type Query { order(id: ID!): Order }
  type Subscription { orderStatusChanged(orderId: ID!): Order!  orderUpdates: Order!  orderStatusChanges(orderId: ID!): OrderStatusChange!  orderChanges: OrderStatusChange! }
  type OrderStatusChange { orderId: ID! status: String! sequence: Int! order: Order }
  type Order { id: ID! status: String! lines(first: Int): [Line!]! }
  type Line { productName: String! }
`);

const read = (query: string, variables: Record<string, unknown> = {}) => readOrderSubscription(schema, parse(query), variables, undefined);
const codes = (result: ReturnType<typeof read>) => (Array.isArray(result) ? result.map((error) => error.extensions.code) : []);

describe('readOrderSubscription', () => {
  it("turns orderStatusChanged into an order query that keeps the subscriber's selection, fragments and variables", () => {
    const result = read(
      `subscription($id: ID!, $n: Int) { changed: orderStatusChanged(orderId: $id) { ...Parts lines(first: $n) { productName } } }
       fragment Parts on Order { id status }`,
      { id: 'o-1', n: 2 },
    ) as OrderSubscription;
    expect(result).toMatchObject({
      field: 'orderStatusChanged',
      responseKey: 'changed',
      feed: { kind: 'order', orderId: 'o-1' },
      selectionVariables: { n: 2 },
    });
    const query = parse(result.hydrationQuery!);
    // It is a valid query of the same schema: the fragment and $n are kept, $id (used only by the root field) is not.
    expect(result.hydrationQuery).toContain(`order(id: $${result.orderIdVariable})`);
    expect(result.hydrationQuery).toContain('fragment Parts on Order');
    expect(result.hydrationQuery).not.toContain('$id');
    expect(readOrderSubscription(schema, query, { n: 2, [result.orderIdVariable]: 'x' }, undefined)).toHaveLength(1); // not a subscription
  });

  it('reads the staff feed, also through a fragment on Subscription', () => {
    const result = read(`subscription { ...Feed } fragment Feed on Subscription { orderUpdates { id } }`) as OrderSubscription;
    expect(result).toMatchObject({ field: 'orderUpdates', responseKey: 'orderUpdates', feed: { kind: 'all' } });
    expect(result.hydrationQuery).not.toContain('Feed');
  });

  it("queries an OrderStatusChange's order under each key it is selected as, and nothing when it is not selected", () => {
    const result = read(
      `subscription($id: ID!, $n: Int) { orderStatusChanges(orderId: $id) { status ...Both } }
       fragment Both on OrderStatusChange { sequence order { id } now: order { ...Parts lines(first: $n) { productName } } }
       fragment Parts on Order { status }`,
      { id: 'o-1', n: 2 },
    ) as OrderSubscription;
    expect(result).toMatchObject({ field: 'orderStatusChanges', feed: { kind: 'order', orderId: 'o-1' }, selectionVariables: { n: 2 } });
    const orderId = `$${result.orderIdVariable}`;
    expect(result.hydrationQuery).toContain(`order: order(id: ${orderId}) {\n    id\n  }`);
    expect(result.hydrationQuery).toContain(`now: order(id: ${orderId})`);
    expect(result.hydrationQuery).toContain('fragment Parts on Order');
    expect(result.hydrationQuery).not.toContain('Both');
    expect(readOrderSubscription(schema, parse(result.hydrationQuery!), {}, undefined)).toHaveLength(1); // valid, but not a subscription

    const feed = read('subscription { orderChanges { orderId status sequence } }') as OrderSubscription;
    expect(feed).toMatchObject({ field: 'orderChanges', feed: { kind: 'all' }, hydrationQuery: null });
  });

  it('refuses invalid documents, bad variables and other operations with codes', () => {
    expect(codes(read('subscription { orderUpdates { nope } }'))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(codes(read('subscription($id: ID!) { orderStatusChanged(orderId: $id) { id } }'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(read('query { order(id: "1") { id } }'))).toEqual(['BAD_REQUEST']);
  });

  it('never lets the event variable clash with one of the subscriber', () => {
    const result = read('subscription($_orderId: Int) { orderUpdates { lines(first: $_orderId) { productName } } }', { _orderId: 1 }) as OrderSubscription;
    expect(result.orderIdVariable).not.toBe('_orderId');
    expect(result.selectionVariables).toEqual({ _orderId: 1 });
  });
});
