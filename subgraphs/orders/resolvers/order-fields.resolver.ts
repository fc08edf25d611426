import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { OrdersContext } from '../context';
import { actorsFor, nextStatusesFor } from '../domain/order-lifecycle';
import { Order, OrderLine } from '../entities/order';
import { OrderStatus } from '../entities/order-status';
import { OrderTimelineEntry } from '../entities/order-timeline';

@Resolver(() => Order)
export class OrderFieldsResolver {
  @FieldResolver(() => [OrderLine])
  lines(@Root() order: Order, @Ctx() { loaders }: OrdersContext): Promise<OrderLine[]> {
    return loaders.linesByOrderId.load(order.id);
  }

  @FieldResolver(() => [OrderTimelineEntry])
  timeline(@Root() order: Order, @Ctx() { loaders }: OrdersContext): Promise<OrderTimelineEntry[]> {
    return loaders.timelineByOrderId.load(order.id);
  }

  @FieldResolver(() => [OrderStatus])
  nextStatuses(@Root() order: Order, @Ctx() { identity }: OrdersContext): OrderStatus[] {
    if (!identity) return [];
    return nextStatusesFor(order.status, actorsFor(identity.roles, order.user.id === identity.accountId));
  }
}
