import { GraphQLError } from 'graphql';
import { REQUEST_ID_HEADER } from '../../../runtime/request-id';

interface CartResponse {
  data?: Record<string, { id: string } | null> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** Who the cart is asked for: the caller's own Authorization header, and the request id for the logs. */
export interface OnBehalfOf {
  authorization: string;
  requestId: string;
}

// Extensions of a cart error never passed on: debugging details (present outside production only).
const WITHHELD_EXTENSIONS = new Set(['stacktrace', 'exception']);

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

  private async call(caller: OnBehalfOf, query: string, variables: Record<string, unknown> = {}): Promise<NonNullable<CartResponse['data']>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: caller.authorization, [REQUEST_ID_HEADER]: caller.requestId },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    let body: CartResponse;
    try {
      body = (await response.json()) as CartResponse;
    } catch {
      throw new Error(`The cart subgraph answered HTTP ${response.status} without a GraphQL body`);
    }
    const [error] = body.errors ?? [];
    if (error) throw cartRefusal(error);
    if (!body.data) throw new Error(`The cart subgraph answered HTTP ${response.status} without data`);
    return body.data;
  }
}

/** The cart's error as this subgraph's: a typed refusal keeps its code and safe details; anything else is an internal error. */
function cartRefusal(error: { message: string; extensions?: Record<string, unknown> }): Error {
  const code = error.extensions?.code;
  if (typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR') return new Error(`The cart subgraph failed: ${error.message}`);
  const extensions = Object.fromEntries(Object.entries(error.extensions!).filter(([key]) => !WITHHELD_EXTENSIONS.has(key)));
  return new GraphQLError(error.message, { extensions: { ...extensions, code, from: 'cart' } });
}
