import { Field, ID, InputType, Int } from 'type-graphql';
import { check, isCurrencyCode } from '../../../runtime/validation';

@InputType()
export class OrderLineInput {
  @Field(() => ID)
  productId!: string;

  @Field(() => String)
  productName!: string;

  @Field(() => Int, { description: 'Unit price in minor units (cents)' })
  unitPriceMinor!: number;

  @Field(() => Int)
  quantity!: number;
}

@InputType({ description: 'An order for the signed-in customer, who is taken from the access token' })
export class PlaceOrderInput {
  @Field(() => String, { defaultValue: 'EUR' })
  currency!: string;

  @Field(() => [OrderLineInput])
  lines!: OrderLineInput[];
}

export const MAX_ORDER_LINES = 50;
// Totals are stored as 32-bit integers of cents; far above any real flower order.
export const MAX_SUBTOTAL_MINOR = 2_000_000_000;

export function validatePlaceOrder(input: PlaceOrderInput): void {
  check(isCurrencyCode(input.currency), 'currency', 'Currency must be an ISO 4217 code such as EUR');
  check(input.lines.length > 0 && input.lines.length <= MAX_ORDER_LINES, 'lines', `An order has 1 to ${MAX_ORDER_LINES} lines`);
  input.lines.forEach((line, index) => {
    check(line.productId.length > 0, `lines.${index}.productId`, 'Product id is required');
    check(line.productName.trim().length > 0, `lines.${index}.productName`, 'Product name is required');
    check(Number.isSafeInteger(line.unitPriceMinor) && line.unitPriceMinor > 0, `lines.${index}.unitPriceMinor`, 'Unit price must be positive');
    check(line.quantity >= 1 && line.quantity <= 99, `lines.${index}.quantity`, 'Quantity must be between 1 and 99');
  });
  const subtotal = input.lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0);
  check(subtotal <= MAX_SUBTOTAL_MINOR, 'lines', 'The order total is too large');
}
