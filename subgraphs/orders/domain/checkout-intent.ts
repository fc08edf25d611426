import { DomainError } from '../../../runtime/errors';

/**
 * A checkout's intent to place an order, recorded before its stock is reserved in the catalog (the order id is the
 * reservation id). It ends in exactly one of two ways, decided by a conditional update of its state:
 *
 *   OPEN ──(the order's transaction)──▶ PLACED                  the order exists and holds the stock
 *   OPEN ──(checkout gives up, or the sweeper at its deadline)──▶ ABANDONED ──(the catalog confirmed a release)──▶ RELEASED
 *   OPEN ──(the catalog refused the reservation: it holds nothing)──▶ RELEASED
 *
 * Only an OPEN intent can become PLACED or ABANDONED, and both moves lock its row, so whichever commits first wins
 * and the other finds it no longer OPEN: an order is never written once its stock may be released, and stock is
 * released only for an intent no order can claim any more.
 */
export type CheckoutIntentState = 'OPEN' | 'PLACED' | 'ABANDONED' | 'RELEASED';

/** What a reservation holds, as the intent records it. */
export interface IntentLine {
  productId: string;
  quantity: number;
}

/** The order's transaction found its intent abandoned (the checkout outlived its reservation): nothing was written. */
export const checkoutExpired = () =>
  new DomainError('CHECKOUT_EXPIRED', 'The checkout took too long and its reserved stock is being given back; no order was placed. Please try again', {
    retryAfterSeconds: 1,
  });
