import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { eventPayload, refusedAsAWhole, type EventPresentation } from './event-payload';
import type { HydratedOrder } from './gateway-queries';
import { orderLogCursor } from '../../runtime/graphql/order-log-cursor';
import type { OrderEvent } from './order-event';
import { shapeOf, type OrderSubscriptionField } from './order-subscription';

const schema = buildSchema(`
  type Query { order(id: ID!): Order }
  type Subscription { orderStatusChanged(orderId: ID!): Order!  orderUpdates: Order!  orderStatusChanges(orderId: ID!): OrderStatusChange!  orderChanges: OrderStatusChange! }
  type OrderStatusChange { orderId: ID! status: OrderStatus! previousStatus: OrderStatus sequence: Int! changedAt: String! cursor: String! order: Order }
  enum OrderStatus { PENDING CONFIRMED OUT_FOR_DELIVERY DELIVERED }
  type Order { id: ID! status: OrderStatus! lines: [Line!]! }
  type Line { product: Product!  currentProduct: Product }
  type Product { name: String! }
`);

const delivered: OrderEvent = {
  eventId: 'e-1',
  orderId: 'o-1',
  accountId: 'ana',
  status: 'DELIVERED',
  previousStatus: 'OUT_FOR_DELIVERY',
  sequence: 5,
  position: 42,
  occurredAt: '2026-05-01T10:00:00.000Z',
  placed: false,
};
/** Where a client resumes after `delivered`: the deprecated fields say it beside the order. */
const resumeFrom = { sequence: 5, cursor: orderLogCursor({ position: 42 }) };
const catalogDown = { message: 'Subgraph "catalog" is unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'catalog' } };

const presentation = (field: OrderSubscriptionField, query: string, responseKey: string = field): EventPresentation => ({
  schema,
  document: parse(query),
  variables: { id: 'o-1' },
  shape: shapeOf(field),
  responseKey,
});
const payload = (field: OrderSubscriptionField, query: string, hydrated: HydratedOrder, responseKey?: string) =>
  JSON.parse(eventPayload(presentation(field, query, responseKey), delivered, hydrated));

describe('eventPayload', () => {
  it("shows the deprecated fields' order with the status the event announced, under the subscriber's aliases", () => {
    // Hydrated after a later change: the order already reads OUT_FOR_DELIVERY… or any later status.
    const hydrated = { data: { order: { id: 'o-1', now: 'OUT_FOR_DELIVERY', lines: [] } } };
    expect(
      payload(
        'orderStatusChanged',
        'subscription($id: ID!) { changed: orderStatusChanged(orderId: $id) { id now: status lines { product { name } } } }',
        hydrated,
        'changed',
      ),
    ).toEqual({
      data: { changed: { id: 'o-1', now: 'DELIVERED', lines: [] } },
      extensions: resumeFrom,
    });
  });

  it("gives the deprecated fields null with the gateway's errors, pointed into the result, when the order could not be read", () => {
    const hydrated = { data: { order: null }, errors: [{ ...catalogDown, path: ['order', 'lines', 0, 'product', 'name'] }] };
    expect(payload('orderUpdates', 'subscription { orderUpdates { id lines { product { name } } } }', hydrated)).toEqual({
      data: null,
      errors: [{ ...catalogDown, path: ['orderUpdates', 'lines', 0, 'product', 'name'] }],
      extensions: resumeFrom,
    });
  });

  it("shows an OrderStatusChange's own facts from the event and its order as hydrated, under each key", () => {
    const hydrated = { data: { order: { id: 'o-1', status: 'OUT_FOR_DELIVERY' }, other: { id: 'o-1' } } };
    const query = `subscription { orderChanges { __typename orderId was: previousStatus status sequence changedAt cursor ...More } }
      fragment More on OrderStatusChange { order { id status } other: order { id } }`;
    expect(payload('orderChanges', query, hydrated)).toEqual({
      data: {
        orderChanges: {
          __typename: 'OrderStatusChange',
          orderId: 'o-1',
          was: 'OUT_FOR_DELIVERY',
          status: 'DELIVERED',
          sequence: 5,
          changedAt: '2026-05-01T10:00:00.000Z',
          cursor: resumeFrom.cursor,
          // The order as it is now (the change itself says what it was then).
          order: { id: 'o-1', status: 'OUT_FOR_DELIVERY' },
          other: { id: 'o-1' },
        },
      },
    });
  });

  it('delivers a change whose order could not be read, with errors naming what failed under `order`', () => {
    const query = 'subscription($id: ID!) { orderStatusChanges(orderId: $id) { status order { id lines { product { name } } } } }';
    const partial = { data: { order: null }, errors: [{ ...catalogDown, path: ['order', 'lines', 0, 'product', 'name'] }] };
    expect(payload('orderStatusChanges', query, partial)).toEqual({
      data: { orderStatusChanges: { status: 'DELIVERED', order: null } },
      errors: [{ ...catalogDown, path: ['orderStatusChanges', 'order', 'lines', 0, 'product', 'name'] }],
    });
    const failed = { data: null, errors: [{ message: 'The order could not be read for this event', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] };
    expect(payload('orderStatusChanges', query, failed)).toEqual({
      data: { orderStatusChanges: { status: 'DELIVERED', order: null } },
      errors: [{ ...failed.errors[0], path: ['orderStatusChanges', 'order'] }],
    });
  });

  it('keeps an error the gateway gave without a path when the rest of the order was read (a failed call for part of it)', () => {
    const query = 'subscription($id: ID!) { orderStatusChanges(orderId: $id) { status order { id lines { currentProduct { name } } } } }';
    const partial = { data: { order: { id: 'o-1', lines: [{ currentProduct: null }] } }, errors: [catalogDown] };
    expect(payload('orderStatusChanges', query, partial)).toEqual({
      data: { orderStatusChanges: { status: 'DELIVERED', order: { id: 'o-1', lines: [{ currentProduct: null }] } } },
      errors: [{ ...catalogDown, path: ['orderStatusChanges', 'order'] }],
    });
  });
});

describe('refusedAsAWhole', () => {
  it('is true only when the gateway refused the order itself to the subscriber', () => {
    expect(refusedAsAWhole({ data: { order: null }, errors: [{ message: 'no', path: ['order'], extensions: { code: 'FORBIDDEN' } }] })).toBe(true);
    expect(refusedAsAWhole({ data: { order: null }, errors: [{ ...catalogDown, path: ['order', 'lines', 0, 'product', 'name'] }] })).toBe(false);
    expect(refusedAsAWhole({ data: null, errors: [catalogDown] })).toBe(false);
  });
});
