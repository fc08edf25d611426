import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import { pageSize } from '../../../runtime/graphql/page-info';
import type { OrdersContext } from '../context';
import { Order } from '../entities/order';
import { OrderConnection } from '../entities/order-connection';
import { OrdersFilter, validateOrdersFilter } from '../inputs/orders-filter.input';
import type { OrderPage } from '../store/order.store';
import { signedIn } from '../../../runtime/auth/signed-in';
import { orderCacheTags } from '../domain/order-cache-tags';

/** The orders on a page. */
export const ordersOn = (page: OrderPage): Order[] => page.orders.map(({ order }) => order);

export const toConnection = (page: OrderPage): OrderConnection => ({
  edges: page.orders.map(({ order, cursor }) => ({ cursor, node: order })),
  pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.orders.at(-1)?.cursor ?? null },
  totalCount: page.totalCount,
});

// Who may call what is decided in ../permissions.ts; the customer is always the verified caller.
@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true, description: 'An order, to its customer and to staff' })
  order(@Arg('id', () => ID) id: string, @Ctx() { loaders, cacheTags }: OrdersContext): Promise<Order | null> {
    orderCacheTags.readOrder(cacheTags, id);
    return loaders.orderById.load(id);
  }

  @Query(() => OrderConnection, { description: "The signed-in customer's orders, newest first" })
  async myOrders(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { providers, identity, cacheTags }: OrdersContext,
  ): Promise<OrderConnection> {
    const customerId = signedIn(identity).accountId;
    const page = await providers.orders.page({ userId: customerId }, pageSize(first), after);
    orderCacheTags.readCustomerOrders(cacheTags, customerId, ordersOn(page));
    return toConnection(page);
  }

  @Query(() => OrderConnection, { description: 'All orders, newest first, filtered by status, date placed and customer (staff)' })
  async orders(
    @Arg('filter', () => OrdersFilter, { nullable: true }) filter: OrdersFilter | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { providers, cacheTags }: OrdersContext,
  ): Promise<OrderConnection> {
    const given = filter ?? {};
    validateOrdersFilter(given);
    const page = await providers.orders.page(
      {
        userId: given.customerId ?? undefined,
        statuses: given.statuses ?? undefined,
        placedFrom: given.placedFrom ?? undefined,
        placedBefore: given.placedBefore ?? undefined,
      },
      pageSize(first),
      after,
    );
    orderCacheTags.readAllOrders(cacheTags, ordersOn(page));
    return toConnection(page);
  }
}

export const resolveOrderReference = (reference: EntityRef, { loaders }: OrdersContext) => loaders.orderById.load(reference.id);
