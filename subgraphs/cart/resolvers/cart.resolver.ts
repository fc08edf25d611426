import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { notFound } from '../../../runtime/errors';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { CartContext } from '../context';
import { Cart, CartTotals } from '../entities/cart';
import { validateLineChange } from '../inputs/cart-line.input';
import { MAX_LINE_QUANTITY } from '../store/cart.store';
import { lineLimit, overLimit, sellableProduct } from '../domain/stock';
import { mergeGuestCart } from '../service/guest-cart-merge';
import { signedIn } from '../../../runtime/auth/signed-in';

// Who may read or change which cart is decided in ../permissions.ts before these resolvers run.
@Resolver(() => Cart)
export class CartResolver {
  @Query(() => Cart, { nullable: true, description: 'A cart by its token; null once expired' })
  cart(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CartContext): Promise<Cart | null> {
    return loaders.cartById.load(id);
  }

  @Query(() => Cart, { nullable: true, description: 'The cart the signed-in customer created last, while it lasts' })
  myCart(@Ctx() { providers, identity }: CartContext): Promise<Cart | null> {
    return providers.carts.latestOwnedBy(signedIn(identity).accountId);
  }

  @FieldResolver(() => CartTotals)
  totals(@Root() cart: Cart): CartTotals {
    return { cartId: cart.id, lines: cart.lines, itemCount: cart.itemCount, ownerId: cart.ownerId };
  }

  @Mutation(() => Cart, {
    description: 'Starts an empty cart and returns its token; signed in, the cart is bound to the caller and only they can use it',
  })
  createCart(@Ctx() { providers, identity }: CartContext): Promise<Cart> {
    return providers.carts.create(identity?.accountId ?? null);
  }

  @Mutation(() => Cart, {
    description: `Adds units of a product to a cart. The product must be sold (else NOT_FOUND) and the line may hold at most its stock (else OUT_OF_STOCK with extensions.available) and ${MAX_LINE_QUANTITY} units`,
  })
  async addCartLine(
    @Arg('cartId', () => ID) cartId: string,
    @Arg('productId', () => ID) productId: string,
    @Arg('quantity', () => Int, { defaultValue: 1 }) quantity: number,
    @Ctx() context: CartContext,
  ): Promise<Cart> {
    validateLineChange(productId, quantity, 1);
    const cart = await existingCart(cartId, context);
    const product = await sellableProduct(productId, context);
    const outcome = await context.providers.carts.addLine(cart, productId, quantity, lineLimit(product));
    if (outcome.status === 'missing') throw notFound('Cart', cartId);
    if (outcome.status === 'over-limit') throw overLimit(product, outcome.inCart);
    return reload(cartId, context);
  }

  @Mutation(() => Cart, { description: 'Sets the quantity of a line (checked against stock as addCartLine does); 0 removes it' })
  async setCartLineQuantity(
    @Arg('cartId', () => ID) cartId: string,
    @Arg('productId', () => ID) productId: string,
    @Arg('quantity', () => Int) quantity: number,
    @Ctx() context: CartContext,
  ): Promise<Cart> {
    validateLineChange(productId, quantity, 0);
    const cart = await existingCart(cartId, context);
    if (quantity > 0) {
      const product = await sellableProduct(productId, context);
      if (quantity > lineLimit(product)) throw overLimit(product, cart.lines.find((line) => line.productId === productId)?.quantity ?? 0);
    }
    if (!(await context.providers.carts.setLine(cart, productId, quantity))) throw notFound('Cart', cartId);
    return reload(cartId, context);
  }

  @Mutation(() => Cart, { description: 'Removes a line from a cart (nothing happens when the cart has no such line)' })
  async removeCartLine(@Arg('cartId', () => ID) cartId: string, @Arg('productId', () => ID) productId: string, @Ctx() context: CartContext): Promise<Cart> {
    validateLineChange(productId, 0, 0);
    if (!(await context.providers.carts.setLine(await existingCart(cartId, context), productId, 0))) throw notFound('Cart', cartId);
    return reload(cartId, context);
  }

  @Mutation(() => Cart, { description: 'Removes every line; the cart (and its token) stays' })
  async clearCart(@Arg('cartId', () => ID) cartId: string, @Ctx() context: CartContext): Promise<Cart> {
    if (!(await context.providers.carts.clear(await existingCart(cartId, context)))) throw notFound('Cart', cartId);
    return reload(cartId, context);
  }

  @Mutation(() => Cart, {
    nullable: true,
    description:
      "Signed in: moves a guest cart's lines into the caller's cart (made when they have none) and deletes the guest cart. " +
      'Quantities of the same product add up, capped at the stock and the per-line maximum; a line the caller already had never ' +
      'shrinks; products no longer sold are dropped. Merging again (the guest cart is gone) changes nothing. Answers the ' +
      "caller's cart, or null when neither cart exists",
  })
  mergeGuestCart(@Arg('guestCartId', () => ID) guestCartId: string, @Ctx() context: CartContext): Promise<Cart | null> {
    return mergeGuestCart(guestCartId, signedIn(context.identity), context);
  }
}

/** The cart as it was when the request's permission check loaded it (the loader caches it): its owner never changes. */
async function existingCart(cartId: string, { loaders }: CartContext): Promise<Cart> {
  const cart = await loaders.cartById.load(cartId);
  if (!cart) throw notFound('Cart', cartId);
  return cart;
}

/** Reads after a write straight from the store: the request's loader holds the cart as it was before. */
async function reload(cartId: string, { providers }: CartContext): Promise<Cart> {
  const [cart] = await providers.carts.findByIds([cartId]);
  if (!cart) throw notFound('Cart', cartId);
  return cart;
}

export const resolveCartReference = (reference: EntityRef, { loaders }: CartContext) => loaders.cartById.load(reference.id);
