import { Field, Int, ObjectType } from 'type-graphql';
import { DeliveryWindow } from './order-status';

@ObjectType({ description: 'A comuna the shop delivers to, with its fee and how many deliveries each window of a day takes there' })
export class DeliveryZone {
  @Field(() => String, { description: "The comuna's name folded for matching (lower case, no accents): an address's city is matched on it" })
  id!: string;

  @Field(() => String, { description: "The comuna's name as shown" })
  name!: string;

  @Field(() => Int, { description: "The fee in minor units of the shop's currency; free from the free-delivery threshold up" })
  feeMinor!: number;

  @Field(() => Int, { description: 'Deliveries one window of one day takes in this zone' })
  slotCapacity!: number;

  @Field(() => Boolean, { description: 'Checkouts to an inactive zone are refused (DELIVERY_ZONE_NOT_SERVED)' })
  active!: boolean;

  @Field(() => Date)
  updatedAt!: Date;
}

@ObjectType({ description: 'A delivery window on a date that can still be booked' })
export class DeliverySlot {
  @Field(() => String, { description: "YYYY-MM-DD in the shop's time zone", deprecationReason: 'Use `day`: the same date, as a LocalDate' })
  date!: string;

  @Field(() => DeliveryWindow)
  window!: DeliveryWindow;

  @Field(() => Date, { description: 'Until when it can be booked' })
  cutOffAt!: Date;

  @Field(() => Int)
  capacity!: number;

  @Field(() => Int, { description: 'Places left now (0: fully booked)' })
  remaining!: number;
}

@ObjectType({ description: "A comuna's delivery fee and the slots that can still be booked there" })
export class DeliverySchedule {
  @Field(() => String, { description: "The comuna's name as the shop writes it" })
  comuna!: string;

  @Field(() => Int, { description: "The fee in minor units of the shop's currency; free from the free-delivery threshold up" })
  feeMinor!: number;

  @Field(() => [DeliverySlot], { description: 'Earliest first; windows whose cut-off has passed are left out' })
  slots!: DeliverySlot[];
}
