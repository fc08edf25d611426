import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageSize } from '../../../runtime/graphql/page-info';
import type { OrdersContext } from '../context';
import { Customer } from '../entities/customer';
import { OrderConnection } from '../entities/order-connection';
import { toConnection } from './order.resolver';

// The orders subgraph's part of the users' User: their orders.
@Resolver(() => Customer)
export class CustomerResolver {
  @FieldResolver(() => OrderConnection)
  async orders(
    @Root() customer: Customer,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { stores }: OrdersContext,
  ): Promise<OrderConnection> {
    return toConnection(await stores.orders.page({ userId: customer.id }, pageSize(first), after));
  }
}

export const resolveCustomerReference = (reference: { id: string }): Customer => ({ id: reference.id });
