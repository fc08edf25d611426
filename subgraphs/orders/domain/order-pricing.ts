import { DomainError } from '../../../runtime/errors';
import type { OrderLineSnapshot } from './order-state';

/** The standard delivery fee (minor units): what most zones charge, and the fee when none is given. */
export const DELIVERY_FEE_MINOR = 495;
/** Delivery is free from this subtotal (minor units of the order's currency); below it, the zone's fee applies. */
export const FREE_DELIVERY_FROM_MINOR = 5_000;
// Totals are stored as 32-bit integers of cents; far above any real flower order.
export const MAX_TOTAL_MINOR = 2_000_000_000;

export interface OrderTotals {
  subtotalMinor: number;
  deliveryFeeMinor: number;
  totalMinor: number;
}

/** Subtotal of the lines, the delivery zone's fee (free from FREE_DELIVERY_FROM_MINOR) and the total. */
export function priceOrder(lines: readonly Pick<OrderLineSnapshot, 'unitPriceMinor' | 'quantity'>[], zoneFeeMinor = DELIVERY_FEE_MINOR): OrderTotals {
  const subtotalMinor = lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0);
  const deliveryFeeMinor = subtotalMinor >= FREE_DELIVERY_FROM_MINOR ? 0 : zoneFeeMinor;
  const totalMinor = subtotalMinor + deliveryFeeMinor;
  if (totalMinor > MAX_TOTAL_MINOR) throw new DomainError('BAD_USER_INPUT', 'The order total is too large', { field: 'cartId' });
  return { subtotalMinor, deliveryFeeMinor, totalMinor };
}
