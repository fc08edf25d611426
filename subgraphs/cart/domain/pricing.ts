import { DomainError, serviceUnavailable } from '../../../runtime/errors';
import { money, type Money } from '../../../runtime/graphql/money';

/** A price as `@requires` hands it over: only the fields the cart asked for. */
export interface RequiredPrice {
  amountMinor: number;
  currency: string;
}

/**
 * The required price of a line's product. The router leaves it out when the catalog did not answer its call
 * (down, timed out) but still asks for the priced fields, so its absence is the catalog's outage, told as such.
 */
export function requiredPrice(product: { price?: RequiredPrice | null } | null | undefined): RequiredPrice {
  const price = product?.price;
  if (!price || !Number.isSafeInteger(price.amountMinor)) {
    throw serviceUnavailable({ service: 'catalog', message: "The product's current price could not be read from the catalog; try again later" });
  }
  return price;
}

/** Units times the unit price, in minor units: integers only, never a float. */
export function times(price: RequiredPrice, quantity: number): Money {
  const amountMinor = price.amountMinor * quantity;
  if (!Number.isSafeInteger(amountMinor)) throw new Error('A line total is too large to represent exactly');
  return money(amountMinor, price.currency);
}

/** The sum of line totals; null for no lines. Lines in different currencies cannot be added up. */
export function sum(totals: Money[]): Money | null {
  if (totals.length === 0) return null;
  const currency = totals[0].currency;
  if (totals.some((total) => total.currency !== currency)) {
    throw new DomainError('CONFLICT', 'The cart holds products priced in different currencies');
  }
  const amountMinor = totals.reduce((acc, total) => acc + total.amountMinor, 0);
  if (!Number.isSafeInteger(amountMinor)) throw new Error('A cart total is too large to represent exactly');
  return money(amountMinor, currency);
}
