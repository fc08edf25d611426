import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { DomainError, notFound } from '../../../runtime/errors';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import { check } from '../../../runtime/validation';
import type { CartContext } from '../context';
import { Cart } from '../entities/cart';
import { MAX_LINE_QUANTITY } from '../store/cart.store';

@Resolver(() => Cart)
export class CartResolver {
  @Query(() => Cart, { nullable: true, description: 'A cart by its token; null once expired' })
  cart(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CartContext): Promise<Cart | null> {
    return loaders.cartById.load(id);
  }

  @Mutation(() => Cart, { description: 'Starts an empty cart and returns its token' })
  createCart(@Ctx() { stores }: CartContext): Promise<Cart> {
    return stores.carts.create();
  }

  @Mutation(() => Cart, { description: 'Adds units of a product to a cart' })
  async addCartLine(
    @Arg('cartId', () => ID) cartId: string,
    @Arg('productId', () => ID) productId: string,
    @Arg('quantity', () => Int, { defaultValue: 1 }) quantity: number,
    @Ctx() { stores }: CartContext,
  ): Promise<Cart> {
    check(quantity >= 1 && quantity <= MAX_LINE_QUANTITY, 'quantity', `Quantity must be between 1 and ${MAX_LINE_QUANTITY}`);
    check(productId.length > 0 && productId.length <= 64, 'productId', 'Product id is invalid');
    const outcome = await stores.carts.addLine(cartId, productId, quantity);
    if (outcome === 'missing') throw notFound('Cart', cartId);
    if (outcome === 'too-many') {
      throw new DomainError('BAD_USER_INPUT', `A cart holds at most ${MAX_LINE_QUANTITY} of one product`, { field: 'quantity' });
    }
    return this.reload(cartId, stores);
  }

  @Mutation(() => Cart, { description: 'Sets the quantity of a line; 0 removes it' })
  async setCartLineQuantity(
    @Arg('cartId', () => ID) cartId: string,
    @Arg('productId', () => ID) productId: string,
    @Arg('quantity', () => Int) quantity: number,
    @Ctx() { stores }: CartContext,
  ): Promise<Cart> {
    check(quantity >= 0 && quantity <= MAX_LINE_QUANTITY, 'quantity', `Quantity must be between 0 and ${MAX_LINE_QUANTITY}`);
    if (!(await stores.carts.setLine(cartId, productId, quantity))) throw notFound('Cart', cartId);
    return this.reload(cartId, stores);
  }

  private async reload(cartId: string, stores: CartContext['stores']): Promise<Cart> {
    const [cart] = await stores.carts.findByIds([cartId]);
    if (!cart) throw notFound('Cart', cartId);
    return cart;
  }
}

export const resolveCartReference = (reference: EntityRef, { loaders }: CartContext) => loaders.cartById.load(reference.id);
