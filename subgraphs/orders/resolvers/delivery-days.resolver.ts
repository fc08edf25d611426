import { FieldResolver, Resolver, Root } from 'type-graphql';
import { LocalDate } from '../../../runtime/graphql/input-scalars';
import { DeliverySlot } from '../entities/delivery-zone';
import { OrderDelivery } from '../entities/order-delivery';

// The delivery day as a LocalDate beside the deprecated String `date`. Resolved here rather than stored twice: an
// order's delivery is also part of its event payload, which must stay as it was written.

@Resolver(() => OrderDelivery)
export class OrderDeliveryDayResolver {
  @FieldResolver(() => LocalDate, { description: "The delivery day in the shop's time zone" })
  day(@Root() delivery: OrderDelivery): string {
    return delivery.date;
  }
}

@Resolver(() => DeliverySlot)
export class DeliverySlotDayResolver {
  @FieldResolver(() => LocalDate, { description: "The day in the shop's time zone" })
  day(@Root() slot: DeliverySlot): string {
    return slot.date;
  }
}
