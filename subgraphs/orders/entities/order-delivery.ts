import { Field, ObjectType } from 'type-graphql';
import { DeliveryWindow } from './order-status';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@ObjectType({ description: 'Where an order goes, as the address was at checkout' })
export class DeliveryAddress {
  @Field(() => String, { description: 'Who receives the flowers' })
  recipient!: string;

  @Field(() => String)
  line1!: string;

  @Field(() => String, { nullable: true })
  line2!: string | null;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  postalCode!: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country code' })
  country!: string;

  @Field(() => String, { nullable: true, description: 'A number the courier can call' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'For the courier' })
  instructions!: string | null;
}

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@ObjectType({ description: 'When and where an order is delivered' })
export class OrderDelivery {
  @Field(() => String, { description: 'The delivery date, YYYY-MM-DD', deprecationReason: 'Use `day`: the same date, as a LocalDate' })
  date!: string;

  @Field(() => DeliveryWindow)
  window!: DeliveryWindow;

  @Field(() => DeliveryAddress)
  address!: DeliveryAddress;
}
