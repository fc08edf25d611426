import { Field, ID, InputType } from 'type-graphql';
import { LocalDate } from '../../../runtime/graphql/input-scalars';
import { check, checkId, isText } from '../../../runtime/validation';
import { isCalendarDate } from '../domain/delivery-calendar';
import { DeliveryWindow } from '../entities/order-status';

export const MAX_GIFT_MESSAGE_LENGTH = 500;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,100}$/;

@InputType({ description: "Checks out the signed-in customer's cart: prices and names come from the catalog, the customer from the token" })
export class CheckoutInput {
  @Field(() => String, {
    description: 'A key the client makes once per checkout (8–100 of A-Z a-z 0-9 _ -): repeating the request with it returns the same order',
  })
  idempotencyKey!: string;

  @Field(() => ID, { nullable: true, description: "The cart to check out; the customer's latest cart when omitted" })
  cartId?: string | null;

  @Field(() => ID, { description: "One of the customer's addresses (users' `me.addresses`)" })
  addressId!: string;

  @Field(() => LocalDate, {
    nullable: true,
    description:
      "The delivery day in the shop's time zone: today or up to 90 days ahead (`deliverySlots` lists what can be booked). Required (or the deprecated deliveryDate)",
  })
  deliveryDay?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The delivery date, YYYY-MM-DD, in the shop's time zone",
    deprecationReason: 'Use `deliveryDay`, a LocalDate; give one of the two',
  })
  deliveryDate?: string | null;

  @Field(() => DeliveryWindow, { description: 'A window whose cut-off has not passed (DELIVERY_SLOT_CLOSED otherwise)' })
  deliveryWindow!: DeliveryWindow;

  @Field(() => String, { nullable: true, description: 'The card that goes with the flowers (at most 500 characters)' })
  giftMessage?: string | null;
}

/** A checkout as the service takes it: one delivery date, and the input field it came from (errors name it). */
export type CheckoutRequest = Omit<CheckoutInput, 'deliveryDay' | 'deliveryDate'> & {
  deliveryDate: string;
  deliveryDateField?: 'deliveryDay' | 'deliveryDate';
};

/**
 * Checks what can be checked without a clock or other services; BAD_USER_INPUT naming the field, before anything is
 * written. Whether the date and window can still be booked is the checkout's to decide (domain/delivery-slot.ts).
 */
export function validateCheckout(input: CheckoutInput): CheckoutRequest {
  check(IDEMPOTENCY_KEY.test(input.idempotencyKey), 'idempotencyKey', 'The idempotency key is 8 to 100 letters, digits, "_" or "-"');
  if (input.cartId != null) checkId(input.cartId, 'cartId');
  checkId(input.addressId, 'addressId');
  const { deliveryDay, deliveryDate, ...rest } = input;
  check(deliveryDay == null || deliveryDate == null, 'deliveryDay', 'Give deliveryDay only (deliveryDate is its deprecated form)');
  check(deliveryDay != null || deliveryDate != null, 'deliveryDay', 'The delivery day is required');
  const field = deliveryDay != null ? 'deliveryDay' : 'deliveryDate';
  // A LocalDate is checked by its scalar; the deprecated String is checked here.
  if (deliveryDate != null) check(isCalendarDate(deliveryDate), 'deliveryDate', 'The delivery date is a calendar date, YYYY-MM-DD');
  if (input.giftMessage != null) {
    check(isText(input.giftMessage, MAX_GIFT_MESSAGE_LENGTH), 'giftMessage', `A gift message is 1 to ${MAX_GIFT_MESSAGE_LENGTH} characters`);
  }
  return { ...rest, deliveryDate: (deliveryDay ?? deliveryDate)!, deliveryDateField: field };
}
