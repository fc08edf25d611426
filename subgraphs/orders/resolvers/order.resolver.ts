import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import { checkId } from '../../../runtime/validation';
import type { OrdersContext } from '../context';
import { Order, OrderLine } from '../entities/order';
import { PlaceOrderInput, validatePlaceOrder } from '../inputs/place-order.input';

const MAX_PAGE = 100;
const page = (first: number) => Math.min(Math.max(first, 0), MAX_PAGE);

// Who may call what is decided in ../permissions.ts; the customer is always the verified caller.
@Resolver(() => Order)
export class OrderResolver {
  @Query(() => Order, { nullable: true, description: 'An order, to its customer and to staff' })
  order(@Arg('id', () => ID) id: string, @Ctx() { loaders }: OrdersContext): Promise<Order | null> {
    return loaders.orderById.load(id);
  }

  @Query(() => [Order], { description: "The signed-in customer's orders, newest first" })
  myOrders(@Arg('first', () => Int, { defaultValue: 20 }) first: number, @Ctx() { stores, identity }: OrdersContext): Promise<Order[]> {
    return stores.orders.listByUser(identity!.accountId, page(first));
  }

  @Query(() => [Order], { description: "Any customer's orders, newest first (staff)" })
  ordersByUser(
    @Arg('userId', () => ID) userId: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() { stores }: OrdersContext,
  ): Promise<Order[]> {
    checkId(userId, 'userId');
    return stores.orders.listByUser(userId, page(first));
  }

  @FieldResolver(() => [OrderLine])
  lines(@Root() order: Order, @Ctx() { loaders }: OrdersContext): Promise<OrderLine[]> {
    return loaders.linesByOrderId.load(order.id);
  }

  @Mutation(() => Order, { description: 'Places an order for the signed-in customer' })
  placeOrder(@Arg('input', () => PlaceOrderInput) input: PlaceOrderInput, @Ctx() { stores, identity }: OrdersContext): Promise<Order> {
    validatePlaceOrder(input);
    return stores.orders.place(identity!.accountId, input);
  }
}

export const resolveOrderReference = (reference: EntityRef, { loaders }: OrdersContext) => loaders.orderById.load(reference.id);
