import { FieldResolver, Resolver, Root } from 'type-graphql';
import { Money, money } from '../../../runtime/graphql/money';
import type { CartContext } from '../context';
import { CartLine, CartTotals } from '../entities/cart';
import { requiredPrice, sum, times, type RequiredPrice } from '../domain/pricing';

/** A line as the router hands it back: its key, and its product's current price (`@requires`). */
interface LineRepresentation {
  cartId: string;
  productId: string;
  quantity: number;
  product?: { price?: RequiredPrice | null };
}

interface TotalsRepresentation {
  cartId: string;
  lines: LineRepresentation[];
}

// Prices are never stored in the cart: each field below is computed from the price the router just
// fetched from the catalog, on the snapshot of lines the representation carries.

@Resolver(() => CartLine)
export class CartLineResolver {
  @FieldResolver(() => Money)
  unitPrice(@Root() line: CartLine): Money {
    return times(requiredPrice(line.product), 1);
  }

  @FieldResolver(() => Money)
  lineTotal(@Root() line: CartLine): Money {
    return times(requiredPrice(line.product), line.quantity);
  }
}

@Resolver(() => CartTotals)
export class CartTotalsResolver {
  @FieldResolver(() => Money, { nullable: true })
  subtotal(@Root() totals: CartTotals): Money | null {
    return sum(totals.lines.map((line) => times(requiredPrice(line.product), line.quantity)));
  }
}

/**
 * The cart is loaded only for its owner, which the permissions check (a representation is the caller's word;
 * an expired cart resolves to null). Quantities and prices come from the representation: the snapshot.
 */
async function ownerOf(cartId: string, { loaders }: CartContext): Promise<{ ownerId: string | null } | null> {
  const cart = await loaders.cartById.load(cartId);
  return cart ? { ownerId: cart.ownerId } : null;
}

const lineFrom = (line: LineRepresentation, cartId: string, ownerId: string | null): CartLine => ({
  cartId,
  productId: line.productId,
  quantity: line.quantity,
  product: { id: line.productId, price: line.product?.price ? money(line.product.price.amountMinor, line.product.price.currency) : undefined },
  ownerId,
});

export async function resolveCartLineReference(reference: LineRepresentation, context: CartContext): Promise<CartLine | null> {
  const cart = await ownerOf(reference.cartId, context);
  return cart ? lineFrom(reference, reference.cartId, cart.ownerId) : null;
}

export async function resolveCartTotalsReference(reference: TotalsRepresentation, context: CartContext): Promise<CartTotals | null> {
  const cart = await ownerOf(reference.cartId, context);
  if (!cart) return null;
  const lines = (reference.lines ?? []).map((line) => lineFrom(line, reference.cartId, cart.ownerId));
  return { cartId: reference.cartId, lines, itemCount: lines.reduce((acc, line) => acc + line.quantity, 0), ownerId: cart.ownerId };
}
