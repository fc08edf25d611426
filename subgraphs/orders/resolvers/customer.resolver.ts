import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageSize } from '../../../runtime/graphql/page-info';
import type { OrdersContext } from '../context';
import { Customer } from '../entities/customer';
import { OrderConnection } from '../entities/order-connection';
import { orderCacheTags } from '../domain/order-cache-tags';
import { ordersOn, toConnection } from './order.resolver';

// The orders subgraph's part of the users' User: their orders.
@Resolver(() => Customer)
export class CustomerResolver {
  // Nullable on purpose: while this subgraph cannot answer, the router gives null with an error naming it, and the
  // user's own fields around it still stand.
  @FieldResolver(() => OrderConnection, {
    nullable: true,
    description: "The customer's orders, newest first (to the customer and to staff); null when the orders service cannot answer",
  })
  orderHistory(
    @Root() customer: Customer,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() context: OrdersContext,
  ): Promise<OrderConnection> {
    return ordersOf(customer, first, after, context);
  }

  @FieldResolver(() => OrderConnection, {
    description: "The customer's orders, newest first (to the customer and to staff)",
    deprecationReason: 'Use `orderHistory`: this field cannot be null, so while the orders service is down it fails the whole user',
  })
  orders(
    @Root() customer: Customer,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() context: OrdersContext,
  ): Promise<OrderConnection> {
    return ordersOf(customer, first, after, context);
  }
}

async function ordersOf(customer: Customer, first: number, after: string | null, { providers, cacheTags }: OrdersContext): Promise<OrderConnection> {
  const page = await providers.orders.page({ userId: customer.id }, pageSize(first), after);
  orderCacheTags.readCustomerOrders(cacheTags, customer.id, ordersOn(page));
  return toConnection(page);
}

export const resolveCustomerReference = (reference: { id: string }): Customer => ({ id: reference.id });
