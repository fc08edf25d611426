import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { OrdersContext } from '../context';
import { actorsFor, nextStatusesFor } from '../domain/order-lifecycle';
import { Customer } from '../entities/customer';
import { Order, OrderLine } from '../entities/order';
import { OrderStatus } from '../entities/order-status';
import { OrderTimelineEntry } from '../entities/order-timeline';
import { toOrderLine, toTimelineEntry } from '../store/order-rows';

@Resolver(() => Order)
export class OrderFieldsResolver {
  // Nullable on purpose: the customer's fields are the users service's, and while it cannot answer the order
  // (the staff feed's above all) still stands, with null here and an error naming it.
  @FieldResolver(() => Customer, { nullable: true, description: 'Who placed it; null while the users service cannot answer' })
  customer(@Root() order: Order): Customer {
    return order.user;
  }

  @FieldResolver(() => [OrderLine])
  async lines(@Root() order: Order, @Ctx() { loaders }: OrdersContext): Promise<OrderLine[]> {
    const owner = { currency: order.total.currency, userId: order.user.id };
    return (await loaders.linesByOrderId.load(order.id)).map((row) => toOrderLine(row, owner));
  }

  @FieldResolver(() => [OrderTimelineEntry])
  async timeline(@Root() order: Order, @Ctx() { loaders }: OrdersContext): Promise<OrderTimelineEntry[]> {
    return (await loaders.eventsByOrderId.load(order.id)).map((event) => toTimelineEntry(event, order.user.id));
  }

  @FieldResolver(() => [OrderStatus])
  nextStatuses(@Root() order: Order, @Ctx() { identity }: OrdersContext): OrderStatus[] {
    if (!identity) return [];
    return nextStatusesFor(order.status, actorsFor(identity.roles, order.user.id === identity.accountId));
  }
}
