import { OperationTypeNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOperations } from '../support/client-operations';
import { eventually } from '../support/eventually';
import { expectData, graphql, unique, type GraphQLResponse } from '../support/graphql';
import { checkoutCart, createShopProduct, newShopCustomer, type ShopCustomer } from '../support/shop';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { asStaff } from '../support/tokens';

const REVIEW = 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }';
const APPROVE = 'mutation($id: ID!) { approveReview(id: $id) { id } }';

/** What one operation answered: all of it, some of it (with the paths that came back null), or nothing. */
type Outcome = 'whole' | 'failed' | { nulls: string[] };

/** Every path whose value is null, list positions folded into `[]` (`products.edges[].node.wishlisted`). */
function nullPaths(value: unknown, path = ''): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return [...new Set(value.flatMap((item) => nullPaths(item, `${path}[]`)))];
  if (typeof value !== 'object' || value === undefined) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => nullPaths(item, path ? `${path}.${key}` : key));
}

function outcomeOf(response: GraphQLResponse, wholeNulls: string[]): Outcome {
  if (!response.errors?.length) return 'whole';
  const data = response.data;
  if (!data || Object.values(data).every((field) => field === null)) return 'failed';
  return {
    nulls: nullPaths(data)
      .filter((path) => !wholeNulls.includes(path))
      .sort(),
  };
}

/** The router's error for the subgraph it could not reach, or a subgraph's for the one it needed and did not get. */
const namesOutage = (error: NonNullable<GraphQLResponse['errors']>[number], down: string) =>
  (error.extensions?.code === 'SUBGRAPH_UNAVAILABLE' && error.extensions.serviceName === down) ||
  (error.extensions?.code === 'SERVICE_UNAVAILABLE' && error.extensions.service === down);

/**
 * What each subgraph's outage takes from the apps' queries; every query not listed answers whole. A query fails
 * only when its root field is the down subgraph's own (or, for the cart, priced at the catalog's current prices);
 * fields a subgraph adds to another's objects come back null, and the rest stands.
 */
const EXPECTED: Record<string, Record<string, Outcome>> = {
  auth: {},
  catalog: {
    BrowseProducts: 'failed',
    CategoryMenu: 'failed',
    ProductPage: 'failed',
    ProductById: 'failed',
    ProductReviews: 'failed',
    // A cart shows the catalog's prices of now, which nobody can tell while it is down.
    MyCart: 'failed',
    GuestCart: 'failed',
    // An account's wishlist item cannot be without its product (WishlistItem.product is not nullable); a guest's can.
    MyWishlist: 'failed',
    GuestWishlist: { nulls: ['guestWishlist.items[].product'] },
    Order: { nulls: ['order.lines[].currentProduct'] },
  },
  users: {
    CheckoutAddresses: 'failed',
    ProductPage: { nulls: ['productBySlug.reviews.edges[].node.reviewer'] },
    ProductById: { nulls: ['product.reviews.edges[].node.reviewer'] },
    ProductReviews: { nulls: ['product.reviews.edges[].node.reviewer'] },
  },
  cart: { MyCart: 'failed', GuestCart: 'failed' },
  orders: { MyOrders: 'failed', Order: 'failed', DeliverySlots: 'failed' },
  wishlist: {
    MyWishlist: 'failed',
    GuestWishlist: 'failed',
    BrowseProducts: { nulls: ['products.edges[].node.wishlisted'] },
    ProductPage: { nulls: ['productBySlug.wishlisted'] },
    ProductById: { nulls: ['product.wishlisted'] },
  },
  reviews: {
    BrowseProducts: { nulls: ['products.edges[].node.rating'] },
    ProductPage: { nulls: ['productBySlug.rating', 'productBySlug.reviews'] },
    ProductById: { nulls: ['product.rating', 'product.reviews'] },
    ProductReviews: { nulls: ['product.reviews'] },
    ModerationQueue: 'failed',
    MyReviews: 'failed',
  },
  contact: { MyTickets: 'failed', StaffTickets: 'failed' },
};

const STAFF_QUERIES = new Set(['ModerationQueue', 'StaffTickets']);

describe('a subgraph that is down takes only its own fields', () => {
  let supergraph: RunningSupergraph;
  let customer: ShopCustomer;
  let staff: Record<string, string>;
  const variables: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    supergraph = await startSupergraph(
      {
        ROUTER_RESPONSE_CACHE: 'off', // every answer here comes from the subgraphs as they are now
        SUBGRAPH_RETRIES: '0',
        SUBGRAPH_TIMEOUT_MS: '10000',
        SUBGRAPH_BREAKER_RESET_MS: '200',
      },
      () => ({}),
      { behindProxies: true },
    );
    const url = supergraph.routerUrl;
    const name = unique('Outage Lilies');
    const productId = await createShopProduct(url, name);
    const { product } = await expectData(url, 'query($id: ID!) { product(id: $id) { slug } }', { id: productId });
    customer = await newShopCustomer(url);
    const { orderId } = await checkoutCart(url, customer, [[productId, 1]]);
    // A cart left open with the product in it, and a guest's.
    const { createCart } = await expectData(url, 'mutation { createCart { id } }', {}, customer.headers);
    await expectData(
      url,
      'mutation($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 2) { id } }',
      { c: createCart.id, p: productId },
      customer.headers,
    );
    const guest = (await expectData(url, 'mutation { createCart { id } }')).createCart.id;
    await expectData(url, 'mutation($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 1) { id } }', { c: guest, p: productId });
    // An approved review, so a product page reaches the users subgraph for its author.
    const { submitReview } = await expectData(url, REVIEW, { input: { productId, rating: 5, title: 'Lovely', body: 'Fresh and on time.' } }, customer.headers);
    staff = await asStaff();
    await expectData(url, APPROVE, { id: submitReview.id }, staff);
    // The product wished for by the customer and by a guest, and a ticket the customer sent.
    await expectData(url, 'mutation($p: ID!) { addToWishlist(productId: $p) { id } }', { p: productId }, customer.headers);
    const guestWishlist = (await expectData(url, 'mutation { createGuestWishlist { id } }')).createGuestWishlist.id;
    await expectData(url, 'mutation($g: ID!, $p: ID!) { addToGuestWishlist(guestWishlistId: $g, productId: $p) { id } }', { g: guestWishlist, p: productId });
    const message = { name: 'Ana', email: `${unique('outage')}@example.com`, subject: 'Outage question', body: 'Do you deliver on Sundays?' };
    await expectData(url, 'mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { id } }', { input: message }, customer.headers);
    Object.assign(variables, {
      BrowseProducts: { search: name },
      DeliverySlots: { comuna: 'Santiago' },
      GuestCart: { cartId: guest },
      GuestWishlist: { id: guestWishlist },
      Order: { id: orderId },
      ProductPage: { slug: product.slug },
      ProductById: { id: productId },
      ProductReviews: { id: productId },
    });
  }, 120_000);
  afterAll(async () => {
    await supergraph?.stop();
  });

  it('answers every client query with what the running subgraphs hold, naming the one that is down', { timeout: 180_000 }, async () => {
    const queries = clientOperations().filter((operation) => operation.type === OperationTypeNode.QUERY);
    // The staff's screens are asked as staff, the apps' as the customer.
    const callerOf = (name: string) => (STAFF_QUERIES.has(name) ? staff : customer.headers);
    const ask = (operation: (typeof queries)[number]) =>
      graphql(supergraph.routerUrl, operation.document, variables[operation.name] ?? {}, callerOf(operation.name));
    // With every subgraph up, each query answers whole; nulls it holds then are its own (an empty gift message).
    const wholeNulls = new Map<string, string[]>();
    for (const operation of queries) {
      const response = await ask(operation);
      expect(response.errors, operation.name).toBeUndefined();
      wholeNulls.set(operation.name, nullPaths(response.data));
    }
    const table: Record<string, Record<string, Outcome>> = {};
    for (const [down, proxy] of supergraph.proxies) {
      await proxy.down();
      try {
        table[down] = {};
        for (const operation of queries) {
          const response = await ask(operation);
          table[down][operation.name] = outcomeOf(response, wholeNulls.get(operation.name)!);
          for (const error of response.errors ?? []) expect(namesOutage(error, down), `${operation.name} with ${down} down: ${error.message}`).toBe(true);
        }
      } finally {
        await proxy.up();
      }
      // The next turn starts once every query answers whole again (the breaker half-opens, its probe closes it).
      await eventually(async () => {
        for (const operation of queries) if ((await ask(operation)).errors) return false;
        return true;
      });
    }
    const expected = Object.fromEntries(
      Object.entries(EXPECTED).map(([down, outcomes]) => [down, Object.fromEntries(queries.map((query) => [query.name, outcomes[query.name] ?? 'whole']))]),
    );
    expect(table).toEqual(expected);
  });
});
