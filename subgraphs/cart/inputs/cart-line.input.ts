import { check, checkId } from '../../../runtime/validation';
import { MAX_LINE_QUANTITY } from '../store/cart.store';

/** A product id and a quantity from `min` (1 to add, 0 to set: 0 removes the line) to the per-line maximum. */
export function validateLineChange(productId: string, quantity: number, min: 0 | 1): void {
  checkId(productId, 'productId');
  check(
    Number.isSafeInteger(quantity) && quantity >= min && quantity <= MAX_LINE_QUANTITY,
    'quantity',
    `Quantity must be between ${min} and ${MAX_LINE_QUANTITY}`,
  );
}
