import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { OrdersContext } from '../context';
import { Order, OrderLine } from '../entities/order';
import { PlaceOrderInput, validatePlaceOrder } from '../inputs/place-order.input';

const MAX_PAGE = 100;

@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true })
  order(@Arg('id', () => ID) id: string, @Ctx() { loaders }: OrdersContext): Promise<Order | null> {
    return loaders.orderById.load(id);
  }

  @Query(() => [Order], { description: "A user's orders, newest first" })
  ordersByUser(
    @Arg('userId', () => ID) userId: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() { stores }: OrdersContext,
  ): Promise<Order[]> {
    return stores.orders.listByUser(userId, Math.min(Math.max(first, 0), MAX_PAGE));
  }

  @FieldResolver(() => [OrderLine])
  lines(@Root() order: Order, @Ctx() { loaders }: OrdersContext): Promise<OrderLine[]> {
    return loaders.linesByOrderId.load(order.id);
  }

  @Mutation(() => Order)
  placeOrder(@Arg('input', () => PlaceOrderInput) input: PlaceOrderInput, @Ctx() { stores }: OrdersContext): Promise<Order> {
    validatePlaceOrder(input);
    return stores.orders.place(input);
  }
}

export const resolveOrderReference = (reference: EntityRef, { loaders }: OrdersContext) => loaders.orderById.load(reference.id);
