import type { Identity } from '../../../runtime/auth/identity';
import { DomainError } from '../../../runtime/errors';
import type { CartContext } from '../context';
import { lineLimit } from '../domain/stock';
import type { Cart } from '../entities/cart';

/**
 * Moves a guest cart's lines into the caller's cart, each capped at what the catalog says may be in one line now
 * (0 for a product no longer sold); the store makes the move itself atomic. The caller's cart, or null when
 * neither cart exists.
 */
export async function mergeGuestCart(guestCartId: string, caller: Identity, { providers, loaders }: CartContext): Promise<Cart | null> {
  const productIds = await providers.carts.productIdsIn(guestCartId);
  const products = await Promise.all(productIds.map((id) => loaders.catalogProductById.load(id)));
  const caps = new Map(productIds.map((id, index) => [id, products[index]?.active ? lineLimit(products[index]) : 0]));
  const outcome = await providers.carts.merge(guestCartId, caller.accountId, caps);
  if (outcome.status === 'not-a-guest-cart') throw new DomainError('FORBIDDEN', 'You are not allowed to do this');
  const [cart] = await providers.carts.findByIds([outcome.cartId]);
  return cart ?? null;
}
