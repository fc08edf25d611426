import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { check, checkId, isText } from '../../../runtime/validation';
import type { OrdersContext } from '../context';
import { Order } from '../entities/order';
import { OrderStatus } from '../entities/order-status';
import { signedIn } from '../../../runtime/auth/signed-in';
import { orderCacheTags } from '../domain/order-cache-tags';
import type { CacheTags } from '../../../runtime/graphql/cache-tags';

const MAX_NOTE_LENGTH = 500;

function checkNote(note: string | null | undefined, field: string): string | null {
  if (note == null) return null;
  check(isText(note, MAX_NOTE_LENGTH), field, `${field} is 1 to ${MAX_NOTE_LENGTH} characters`);
  return note.trim();
}

/** The order a transition wrote, said changed (a refused one says nothing: it counts as having changed everything here). */
function changed(tags: CacheTags, order: Order): Order {
  orderCacheTags.changedOrder(tags, order);
  return order;
}

// Which moves are allowed to whom is the lifecycle's (domain/order-lifecycle.ts); the writer applies it.
@Resolver(() => Order)
export class OrderStatusResolver {
  @Mutation(() => Order, { description: 'Moves an order along its lifecycle (staff); INVALID_TRANSITION lists what is possible' })
  async changeOrderStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => OrderStatus) status: OrderStatus,
    @Arg('note', () => String, { nullable: true }) note: string | null,
    @Ctx() { providers, identity, cacheTags }: OrdersContext,
  ): Promise<Order> {
    checkId(id, 'id');
    return changed(cacheTags, await providers.writer.transition(id, status, signedIn(identity), checkNote(note, 'note')));
  }

  @Mutation(() => Order, { description: 'Cancels an order: its customer while the shop has not started on it, staff until it is out for delivery' })
  async cancelOrder(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() { providers, identity, cacheTags }: OrdersContext,
  ): Promise<Order> {
    checkId(id, 'id');
    return changed(cacheTags, await providers.writer.transition(id, 'CANCELLED', signedIn(identity), checkNote(reason, 'reason')));
  }
}
