import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { DomainError, notFound } from '../../../runtime/errors';
import { invalidCursor } from '../../../runtime/graphql/cursor';
import { orderLogCursor, readOrderLogCursor } from '../../../runtime/graphql/order-log-cursor';
import { pageSize } from '../../../runtime/graphql/page-info';
import { check, checkId } from '../../../runtime/validation';
import type { OrdersContext } from '../context';
import { Order } from '../entities/order';
import { OrderChangeLog, OrderStatusChange } from '../entities/order-status-change';
import type { LoggedOrderEvent } from '../store/order.store';
import { orderCacheTags } from '../domain/order-cache-tags';

/** Changes one page of the staff log holds at most (the routers replay at most this many). */
export const MAX_CHANGES_PER_PAGE = 500;
/** More entries than any order's history has (placed, four steps, or a cancellation). */
const MAX_ORDER_HISTORY = 100;

const toStatusChange = (event: LoggedOrderEvent): OrderStatusChange => ({
  orderId: event.orderId,
  status: event.status,
  previousStatus: event.previousStatus,
  sequence: event.sequence,
  changedAt: event.occurredAt,
  cursor: orderLogCursor(event.position === null ? { orderId: event.orderId, sequence: event.sequence } : { position: event.position }),
  order: null,
  ownerId: event.ownerId,
});

/**
 * The order log read back as the live updates report it: what a resumed subscription replays (the router asks
 * these as its subscriber, so who may read what is decided here), and what a client that cannot keep a socket
 * open may poll.
 */
@Resolver(() => OrderStatusChange)
export class OrderChangeLogResolver {
  @Query(() => [OrderStatusChange], {
    description:
      "The changes of an order's status after `afterSequence` (0: all), oldest first, as `orderStatusChanges` reports them (the placing is not a change); for its customer and staff",
  })
  async orderStatusChangesAfter(
    @Arg('orderId', () => ID) orderId: string,
    @Arg('afterSequence', () => Int, { defaultValue: 0 }) afterSequence: number,
    @Ctx() { providers, cacheTags }: OrdersContext,
  ): Promise<OrderStatusChange[]> {
    checkId(orderId, 'orderId');
    orderCacheTags.readOrder(cacheTags, orderId);
    check(afterSequence >= 0, 'afterSequence', 'afterSequence is 0 or more');
    // Sequence 1 is the placing: changes start at 2.
    const found = await providers.orders.eventsAfterSequence(orderId, Math.max(afterSequence, 1), MAX_ORDER_HISTORY);
    if (!found) throw notFound('Order', orderId, 'orderId');
    if (afterSequence > found.version) {
      throw new DomainError('BAD_USER_INPUT', `afterSequence ${afterSequence} is ahead of the order's history (its last sequence is ${found.version})`, {
        field: 'afterSequence',
      });
    }
    return found.events.map(toStatusChange);
  }

  @Query(() => OrderChangeLog, {
    description: `Every order's changes after a cursor (an OrderStatusChange's), the placings included, in the order they were committed; at most \`first\` (up to ${MAX_CHANGES_PER_PAGE}) a page (staff)`,
  })
  async orderChangesAfter(
    @Arg('after', () => String) after: string,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
    @Ctx() { providers, cacheTags }: OrdersContext,
  ): Promise<OrderChangeLog> {
    orderCacheTags.readAllOrders(cacheTags);
    const { position } = await providers.orders.resolve(readOrderLogCursor(after, 'after'));
    if (position === null) throw invalidCursor('after');
    const size = pageSize(first, MAX_CHANGES_PER_PAGE);
    const events = await providers.orders.eventsAfterPosition(position, size + 1);
    const changes = events.slice(0, size).map(toStatusChange);
    return { changes, endCursor: changes.at(-1)?.cursor ?? orderLogCursor({ position }), hasMore: events.length > size };
  }

  @FieldResolver(() => Order, { nullable: true })
  order(@Root() change: OrderStatusChange, @Ctx() { loaders, cacheTags }: OrdersContext): Promise<Order | null> {
    orderCacheTags.readOrder(cacheTags, change.orderId);
    return loaders.orderById.load(change.orderId);
  }
}
