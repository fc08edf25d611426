import { Directive, Field, ID, InputType, Int } from 'type-graphql';
import { check, isUuid } from '../../../runtime/validation';
import type { ReservationLine } from '../store/stock-reservations';
import { checkObjectId } from './product-fields';

export const MAX_RESERVATION_LINES = 50;
/** As many units of one product as a cart line may hold. */
export const MAX_RESERVED_QUANTITY = 99;

// Only the service-only `reserveStock` takes it: hidden from the API with it.
@Directive('@inaccessible')
@InputType({ description: 'Units of one product to hold for a checkout' })
export class StockReservationLineInput {
  @Field(() => ID)
  productId!: string;

  @Field(() => Int, { description: `1 to ${MAX_RESERVED_QUANTITY}` })
  quantity!: number;
}

export function checkReservationId(reservationId: string): void {
  check(isUuid(reservationId), 'reservationId', 'reservationId must be a lower-case UUID');
}

/** Checks everything before any stock is touched; BAD_USER_INPUT names the first bad field. */
export function validateReservation(reservationId: string, lines: StockReservationLineInput[]): ReservationLine[] {
  checkReservationId(reservationId);
  check(lines.length >= 1 && lines.length <= MAX_RESERVATION_LINES, 'lines', `A reservation has 1 to ${MAX_RESERVATION_LINES} lines`);
  const seen = new Set<string>();
  return lines.map((line, index) => {
    const productId = checkObjectId(line.productId, `lines.${index}.productId`);
    check(!seen.has(productId.toHexString()), `lines.${index}.productId`, 'Each product may appear on one line only');
    seen.add(productId.toHexString());
    check(
      Number.isInteger(line.quantity) && line.quantity >= 1 && line.quantity <= MAX_RESERVED_QUANTITY,
      `lines.${index}.quantity`,
      `A quantity is 1 to ${MAX_RESERVED_QUANTITY} units`,
    );
    return { productId, quantity: line.quantity };
  });
}
