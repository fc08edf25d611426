import { callSubgraph, type OnBehalfOf } from '../../../runtime/subgraph/subgraph-client';

export type { OnBehalfOf };

type CartData = Record<string, { id: string } | null>;

/**
 * The cart subgraph's public GraphQL API, called over HTTP as the caller (the wishlist never imports cart code
 * and the cart trusts nothing but the forwarded token). A refusal of the cart (OUT_OF_STOCK, NOT_FOUND,
 * FORBIDDEN…) is rethrown with the cart's own code and message.
 */
export class CartClient {
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 5_000,
  ) {}

  /** Adds one unit of the product to `cartId`, or to the caller's latest cart (a new one when they have none); the cart's id. */
  async addOne(caller: OnBehalfOf, cartId: string | null, productId: string): Promise<string> {
    const target = cartId ?? (await this.myCartId(caller)) ?? (await this.createCart(caller));
    const data = await this.call(
      caller,
      'mutation($cartId: ID!, $productId: ID!) { addCartLine(cartId: $cartId, productId: $productId, quantity: 1) { id } }',
      { cartId: target, productId },
    );
    return data.addCartLine!.id;
  }

  private async myCartId(caller: OnBehalfOf): Promise<string | null> {
    return (await this.call(caller, 'query { myCart { id } }')).myCart?.id ?? null;
  }

  private async createCart(caller: OnBehalfOf): Promise<string> {
    return (await this.call(caller, 'mutation { createCart { id } }')).createCart!.id;
  }

  private call(caller: OnBehalfOf, query: string, variables: Record<string, unknown> = {}): Promise<CartData> {
    return callSubgraph<CartData>('cart', this.url, query, variables, { ...caller, timeoutMs: this.timeoutMs });
  }
}
