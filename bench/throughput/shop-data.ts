import { randomUUID } from 'node:crypto';
import { expectData } from '../../test/support/graphql';
import { checkoutCart, newShopCustomer } from '../../test/support/shop';
import { asStaff, testKeys } from '../../test/support/tokens';

const PRODUCTS = 40;
const REVIEWERS = 3;
const ORDERS = 2;
const LINES_PER_ORDER = 4;

export interface BenchShop {
  categoryId: string;
  /** The benchmark's customer: wishlist items, orders, a review of their own. */
  customerHeaders: Record<string, string>;
}

/** Runs `work` over `items`, `width` at a time (a few concurrent mutations, not hundreds). */
async function inBatches<T, R>(items: T[], width: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += width) {
    results.push(...(await Promise.all(items.slice(start, start + width).map((item, offset) => work(item, start + offset)))));
  }
  return results;
}

/**
 * A fresh category of the shop, made through the router with the subgraphs' own mutations: 40 products, approved
 * reviews on every other one by customers with profiles, a customer with a wishlist and two orders placed
 * through checkout. A new category per run, so the catalog page shows exactly these products.
 */
export async function seedBenchShop(routerUrl: string): Promise<BenchShop> {
  const staff = await asStaff();
  const run = randomUUID().slice(0, 8);
  const { createCategory } = await expectData(routerUrl, 'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id } }', { input: { name: `Bench ${run}` } }, staff);
  const productIds = await inBatches([...Array(PRODUCTS).keys()], 8, async (n) => {
    const input = { name: `Bench ${run} bouquet ${n}`, categoryId: createCategory.id, priceMinor: 1500 + 100 * n, stock: 100_000, tags: ['bench'] };
    const { createProduct } = await expectData(routerUrl, 'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', { input }, staff);
    return createProduct.id as string;
  });

  const customerId = randomUUID();
  const [customer, ...reviewers] = await Promise.all([newShopCustomer(routerUrl, customerId), ...Array.from({ length: REVIEWERS }, () => newShopCustomer(routerUrl))]);
  const reviews = productIds.flatMap((productId, index) => (index % 2 === 0 ? [customer, ...reviewers].map((author, n) => ({ productId, author, rating: 3 + ((index + n) % 3) })) : []));
  await inBatches(reviews, 8, async ({ productId, author, rating }) => {
    const input = { productId, rating, title: `Lovely ${rating}`, body: 'Fresh for two weeks, delivered on time.' };
    const { submitReview } = await expectData(routerUrl, 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }', { input }, author.headers);
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
  // Seeding tokens last 5 minutes; the load phase gets one that outlives the whole run.
  const token = await (await testKeys()).sign({ accountId: customerId, roles: ['CUSTOMER'] }, { expiresIn: '30m' });
  return { categoryId: createCategory.id, customerHeaders: { authorization: `Bearer ${token}` } };
}
