import { DomainError } from './domain-error';

/** NOT_FOUND for `what` (a type name) with `id`; `field` names the argument that gave the id, when one did. */
export const notFound = (what: string, id: string, field?: string) =>
  new DomainError('NOT_FOUND', `${what} ${id} was not found`, field === undefined ? { id } : { field, id });

export interface Shortage {
  available: number;
  /** The argument asking for more than there is. */
  field: string;
  productId?: string;
  /** How many the cart holds already, when the change adds to a cart line. */
  quantityInCart?: number;
}

/** OUT_OF_STOCK: only `available` units (never fewer than none) for the change. */
export function outOfStock({ available, field, productId, quantityInCart }: Shortage): DomainError<'OUT_OF_STOCK'> {
  const left = Math.max(0, available);
  const of = productId === undefined ? '' : ` of product ${productId}`;
  return new DomainError('OUT_OF_STOCK', `Only ${left}${of} left in stock`, {
    field,
    ...(productId === undefined ? {} : { productId }),
    available: left,
    ...(quantityInCart === undefined ? {} : { quantityInCart }),
  });
}
