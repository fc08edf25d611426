import { randomUUID } from 'node:crypto';
import { expectData } from '../../test/support/graphql';
import { checkoutCart, newShopCustomer } from '../../test/support/shop';
import { asStaff, testKeys } from '../../test/support/tokens';
import { inBatches } from '../shared/batches';

const PRODUCTS = 50;
/** Besides the benchmark's customer: so every product has five reviews (PublicLargePage shows five). */
const REVIEWERS = 4;
const ORDERS = 2;
const LINES_PER_ORDER = 4;
/** Customers of the varied traffic: one per autocannon connection (at most this many connections). */
const VARIED_CUSTOMERS = 100;

export interface BenchShop {
  categoryId: string;
  /** The benchmark's customer: wishlist items, orders, a review of their own. */
  customerHeaders: Record<string, string>;
  /** Other customers, one per connection of the varied traffic. */
  variedCustomerHeaders: Array<Record<string, string>>;
  /** Real cursors of the category listed by PRICE_ASC. */
  priceAscCursors: string[];
}

const colours = ['red', 'pink', 'white', 'yellow', 'orange'];
const flowers: Array<[string, string, string[]]> = [
  ['rose', 'Rose Bouquet', ['ROMANCE', 'ANNIVERSARY']],
  ['tulip', 'Tulip Bunch', ['BIRTHDAY', 'THANK_YOU']],
  ['lily', 'Lily Bouquet', ['SYMPATHY', 'GET_WELL']],
  ['peony', 'Peony Bouquet', ['WEDDING', 'MOTHERS_DAY']],
  ['orchid', 'Orchid', ['THANK_YOU', 'CONGRATULATIONS']],
];
const sizes = ['Petite', 'Classic', 'Grand'];

/** A product of the bench's category, named and described like the shop's own (~250 characters of text). */
function benchProduct(n: number, run: string, categoryId: string) {
  const colour = colours[n % colours.length];
  const [flower, noun, occasions] = flowers[Math.floor(n / colours.length) % flowers.length];
  const size = sizes[n % sizes.length];
  const name = `${size} ${colour[0].toUpperCase()}${colour.slice(1)} ${noun}`;
  return {
    name,
    slug: `bench-${run}-${n}`,
    categoryId,
    priceMinor: 1500 + 100 * n,
    stock: 100_000,
    colours: [colour],
    flowerTypes: [flower],
    occasions,
    tags: ['bench', `${flower}s`],
    images: [{ url: `https://images.flores-victoria.example/products/bench-${n}.jpg`, alt: name }],
    description:
      `A ${size.toLowerCase()} arrangement of fresh ${colour} ${flower}s, cut the morning it leaves and hand-tied by our florists with seasonal ` +
      `greenery. Delivered in water in a recyclable gift box, with a care card and flower food for a longer vase life.`,
  };
}

/** A review's text, a few sentences long like real ones. */
const reviewInput = (productId: string, rating: number, n: number) => ({
  productId,
  rating,
  title: ['Lovely and fresh', 'Beautiful colours', 'Arrived on time', 'Just as pictured', 'Lasted two weeks'][n % 5],
  body: `Arrived the next morning, well packed, every bloom intact; still fresh after ten days (${n}).`,
});

/**
 * A fresh category of the shop, made through the router with the subgraphs' own mutations: 50 products, five
 * approved reviews on every one by customers with profiles, a customer with a wishlist and two orders placed
 * through checkout, and the customers of the varied traffic. A new category per run, so the catalog page shows
 * exactly these products.
 */
export async function seedBenchShop(routerUrl: string): Promise<BenchShop> {
  const staff = await asStaff();
  const run = randomUUID().slice(0, 8);
  const { createCategory } = await expectData(
    routerUrl,
    'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id } }',
    { input: { name: `Bench ${run}` } },
    staff,
  );
  const categoryId: string = createCategory.id;
  const productIds = await inBatches([...Array(PRODUCTS).keys()], 8, async (n) => {
    const { createProduct } = await expectData(
      routerUrl,
      'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
      { input: benchProduct(n, run, categoryId) },
      staff,
    );
    return createProduct.id as string;
  });

  const customerId = randomUUID();
  const [customer, ...reviewers] = await Promise.all([
    newShopCustomer(routerUrl, customerId),
    ...Array.from({ length: REVIEWERS }, () => newShopCustomer(routerUrl)),
  ]);
  const reviews = productIds.flatMap((productId, index) =>
    [customer, ...reviewers].map((author, n) => ({ productId, author, rating: 3 + ((index + n) % 3), n: index * 5 + n })),
  );
  await inBatches(reviews, 8, async ({ productId, author, rating, n }) => {
    const { submitReview } = await expectData(
      routerUrl,
      'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }',
      { input: reviewInput(productId, rating, n) },
      author.headers,
    );
    await expectData(routerUrl, 'mutation($id: ID!) { approveReview(id: $id) { id } }', { id: submitReview.id }, staff);
  });
  await inBatches(
    productIds.filter((_, index) => index % 3 === 0),
    8,
    (productId) => expectData(routerUrl, 'mutation($id: ID!) { addToWishlist(productId: $id) { itemCount } }', { id: productId }, customer.headers),
  );
  for (let order = 0; order < ORDERS; order += 1) {
    const lines = productIds.slice(order * LINES_PER_ORDER, (order + 1) * LINES_PER_ORDER).map((productId, n): [string, number] => [productId, 1 + n]);
    await checkoutCart(routerUrl, customer, lines);
  }
  const listing = await expectData(routerUrl, 'query($c: ID!) { products(first: 50, sortBy: PRICE_ASC, filter: { categoryId: $c }) { edges { cursor } } }', {
    c: categoryId,
  });
  // Seeding tokens last 5 minutes; the load phase gets ones that outlive the whole run.
  const keys = await testKeys();
  const bearer = async (accountId: string) => ({ authorization: `Bearer ${await keys.sign({ accountId, roles: ['CUSTOMER'] }, { expiresIn: '30m' })}` });
  return {
    categoryId,
    customerHeaders: await bearer(customerId),
    variedCustomerHeaders: await Promise.all(Array.from({ length: VARIED_CUSTOMERS }, () => bearer(randomUUID()))),
    priceAscCursors: (listing.products.edges as Array<{ cursor: string }>).map((edge) => edge.cursor),
  };
}
