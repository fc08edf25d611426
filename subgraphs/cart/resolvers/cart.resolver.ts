import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { DomainError, notFound } from '../../../runtime/errors';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import { check } from '../../../runtime/validation';
import type { CartContext } from '../context';
import { Cart } from '../entities/cart';
import { MAX_LINE_QUANTITY } from '../store/cart.store';

// Who may read or change which cart is decided in ../permissions.ts before these resolvers run.
@Resolver(() => Cart)
export class CartResolver {
  @Query(() => Cart, { nullable: true, description: 'A cart by its token; null once expired' })
  cart(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CartContext): Promise<Cart | null> {
    return loaders.cartById.load(id);
  }

  @Query(() => Cart, { nullable: true, description: 'The cart the signed-in customer created last, while it lasts' })
  myCart(@Ctx() { stores, identity }: CartContext): Promise<Cart | null> {
    return stores.carts.latestOwnedBy(identity!.accountId);
  }

  @Mutation(() => Cart, {
    description: 'Starts an empty cart and returns its token; signed in, the cart is bound to the caller and only they can use it',
  })
  createCart(@Ctx() { stores, identity }: CartContext): Promise<Cart> {
    return stores.carts.create(identity?.accountId ?? null);
  }

  @Mutation(() => Cart, { description: 'Adds units of a product to a cart' })
  async addCartLine(
    @Arg('cartId', () => ID) cartId: string,
    @Arg('productId', () => ID) productId: string,
    @Arg('quantity', () => Int, { defaultValue: 1 }) quantity: number,
    @Ctx() context: CartContext,
  ): Promise<Cart> {
    check(quantity >= 1 && quantity <= MAX_LINE_QUANTITY, 'quantity', `Quantity must be between 1 and ${MAX_LINE_QUANTITY}`);
    check(productId.length > 0 && productId.length <= 64, 'productId', 'Product id is invalid');
    const outcome = await context.stores.carts.addLine(await existingCart(cartId, context), productId, quantity);
    if (outcome === 'missing') throw notFound('Cart', cartId);
    if (outcome === 'too-many') {
      throw new DomainError('BAD_USER_INPUT', `A cart holds at most ${MAX_LINE_QUANTITY} of one product`, { field: 'quantity' });
    }
    return reload(cartId, context);
  }

  @Mutation(() => Cart, { description: 'Sets the quantity of a line; 0 removes it' })
  async setCartLineQuantity(
    @Arg('cartId', () => ID) cartId: string,
    @Arg('productId', () => ID) productId: string,
    @Arg('quantity', () => Int) quantity: number,
    @Ctx() context: CartContext,
  ): Promise<Cart> {
    check(quantity >= 0 && quantity <= MAX_LINE_QUANTITY, 'quantity', `Quantity must be between 0 and ${MAX_LINE_QUANTITY}`);
    if (!(await context.stores.carts.setLine(await existingCart(cartId, context), productId, quantity))) throw notFound('Cart', cartId);
    return reload(cartId, context);
  }
}

/** The cart as it was when the request's permission check loaded it (the loader caches it): its owner never changes. */
async function existingCart(cartId: string, { loaders }: CartContext): Promise<Cart> {
  const cart = await loaders.cartById.load(cartId);
  if (!cart) throw notFound('Cart', cartId);
  return cart;
}

/** Reads after a write straight from the store: the request's loader holds the cart as it was before. */
async function reload(cartId: string, { stores }: CartContext): Promise<Cart> {
  const [cart] = await stores.carts.findByIds([cartId]);
  if (!cart) throw notFound('Cart', cartId);
  return cart;
}

export const resolveCartReference = (reference: EntityRef, { loaders }: CartContext) => loaders.cartById.load(reference.id);
