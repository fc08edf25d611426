import { callSubgraph, type OnBehalfOf } from '../../../runtime/subgraph/subgraph-client';

export interface CartToCheckOut {
  id: string;
  lines: Array<{ productId: string; quantity: number }>;
}

const CART_FIELDS = 'id lines { productId quantity }';

/** The customer's cart, read from the cart subgraph as the customer (the cart decides whose it is). */
export class CartClient {
  constructor(private readonly url: string) {}

  /** The cart `cartId`, or the customer's latest cart; null when there is none (or it expired). */
  async cartOf(caller: OnBehalfOf, cartId: string | null): Promise<CartToCheckOut | null> {
    if (cartId) {
      const data = await callSubgraph<{ cart: CartToCheckOut | null }>(
        'cart',
        this.url,
        `query($id: ID!) { cart(id: $id) { ${CART_FIELDS} } }`,
        { id: cartId },
        caller,
      );
      return data.cart;
    }
    return (await callSubgraph<{ myCart: CartToCheckOut | null }>('cart', this.url, `query { myCart { ${CART_FIELDS} } }`, {}, caller)).myCart;
  }
}
