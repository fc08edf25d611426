import { Arg, ID, Int, Resolver, Root, Subscription } from 'type-graphql';
import { DomainError } from '../../../runtime/errors';
import { Order } from '../entities/order';
import { OrderStatusChange } from '../entities/order-status-change';

/**
 * Live order updates are declared here, so they are part of the composed schema that clients and Sandbox
 * see, but the router serves them (over graphql-ws, fed by the orders' domain events from RabbitMQ, each
 * event hydrated through the gateway). A subgraph has no subscription transport, so calling one here fails.
 */
const servedByTheRouter = (): AsyncIterable<never> => {
  throw new DomainError('BAD_REQUEST', 'Subscriptions are served by the router over graphql-ws');
};

@Resolver(() => Order)
export class OrderSubscriptionResolver {
  @Subscription(() => OrderStatusChange, {
    subscribe: servedByTheRouter,
    description: "Each change of the order's status, in order, with the status it reached; for its customer and for staff",
  })
  orderStatusChanges(
    @Arg('orderId', () => ID) _orderId: string,
    @Arg('afterSequence', () => Int, {
      nullable: true,
      description: "Resume: first replay the order's changes after this sequence (the last one received), then go on live; none missed, none twice",
    })
    _afterSequence: number | null,
    @Root() change: OrderStatusChange,
  ): OrderStatusChange {
    return change;
  }

  @Subscription(() => OrderStatusChange, {
    subscribe: servedByTheRouter,
    description: 'Every order as it is placed (previousStatus null) or changes status (staff and admins)',
  })
  orderChanges(
    @Arg('after', () => String, {
      nullable: true,
      description: 'Resume: first replay every change after this cursor (the last OrderStatusChange.cursor received), then go on live; none missed, none twice',
    })
    _after: string | null,
    @Root() change: OrderStatusChange,
  ): OrderStatusChange {
    return change;
  }

  @Subscription(() => Order, {
    subscribe: servedByTheRouter,
    description: 'The order each time its status changes; for its customer and for staff',
    deprecationReason: 'Use orderStatusChanges: it carries the status each change reached, its previous status and sequence',
  })
  orderStatusChanged(
    @Arg('orderId', () => ID) _orderId: string,
    @Arg('afterSequence', () => Int, {
      nullable: true,
      description: "Resume: first replay the order's changes after this sequence (the last one received), then go on live; none missed, none twice",
    })
    _afterSequence: number | null,
    @Root() order: Order,
  ): Order {
    return order;
  }

  @Subscription(() => Order, {
    subscribe: servedByTheRouter,
    description: 'Every order as it is placed or changes status (staff and admins)',
    deprecationReason: 'Use orderChanges: it carries the status each change reached, its previous status and sequence',
  })
  orderUpdates(
    @Arg('after', () => String, {
      nullable: true,
      description: 'Resume: first replay every change after this cursor (the last OrderStatusChange.cursor received), then go on live; none missed, none twice',
    })
    _after: string | null,
    @Root() order: Order,
  ): Order {
    return order;
  }
}
