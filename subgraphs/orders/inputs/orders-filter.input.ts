import { Field, ID, InputType } from 'type-graphql';
import { check, checkId } from '../../../runtime/validation';
import { OrderStatus } from '../entities/order-status';

@InputType({ description: 'Narrows the staff order listing; every field given must match' })
export class OrdersFilter {
  @Field(() => [OrderStatus], { nullable: true, description: 'Any of these statuses' })
  statuses?: OrderStatus[] | null;

  @Field(() => Date, { nullable: true, description: 'Placed at or after this instant' })
  placedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Placed before this instant' })
  placedBefore?: Date | null;

  @Field(() => ID, { nullable: true, description: "The customer's account id" })
  customerId?: string | null;
}

export function validateOrdersFilter(filter: OrdersFilter): void {
  if (filter.customerId != null) checkId(filter.customerId, 'filter.customerId');
  if (filter.placedFrom && filter.placedBefore) {
    check(filter.placedFrom < filter.placedBefore, 'filter.placedBefore', 'placedBefore must be later than placedFrom');
  }
}
