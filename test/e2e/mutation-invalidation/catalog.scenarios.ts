import { expect } from 'vitest';
import { addShopAddress, checkoutCart } from '../../support/shop';
import type { MutationInvalidation, Read, Shop } from './types';

const PRODUCT = 'query($id: ID!) { product(id: $id) { id name description price { amount } stock inStock stockLevel } }';
const SEARCH = 'query($search: String!) { products(first: 5, search: $search) { totalCount edges { node { id name } } } }';
const BY_SLUG = 'query($slug: String!) { productBySlug(slug: $slug) { id name } }';
const CATEGORIES = 'query { categories { slug children { slug } } }';

/** The shop window as anonymous visitors and signed-in customers see it (two pools of shared answers), and as staff do. */
async function shopWindowReaders(shop: Shop) {
  return [
    { who: 'an anonymous visitor', as: {}, cache: 'HIT' as const },
    { who: 'a signed-in customer', as: (await shop.customer()).headers, cache: 'HIT' as const },
    { who: 'staff (the caller)', as: shop.staff, cache: 'BYPASS' as const },
  ];
}

const searched = (ids: string[]) => (data: any) => expect(data.products.edges.map((edge: any) => edge.node.id)).toEqual(ids);

/** The shop window changes for everyone as staff change it; reserving stock is the orders service's alone. */
export const catalogScenarios: MutationInvalidation[] = [
  {
    // A subcategory: among its parent's children, in the tree of categories and on the parent's page.
    field: 'Mutation.createCategory',
    arrange: async (shop) => {
      const parentSlug = shop.unique('inv-parent');
      const { createCategory: parent } = await shop.run(shop.staff, 'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id } }', {
        input: { name: 'Invalidation Gifts', slug: parentSlug },
      });
      const slug = shop.unique('inv-category');
      const readers = await shopWindowReaders(shop);
      const CHILDREN = 'query($slug: String!) { category(slug: $slug) { children { slug } } }';
      return {
        mutation: {
          as: shop.staff,
          query: 'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id } }',
          variables: { input: { name: 'Invalidation Bouquets', slug, parentId: parent.id } },
        },
        reads: [
          ...readers.map((reader): Read => ({
            ...reader,
            query: CATEGORIES,
            shows: (data) => expect(data.categories.find((category: any) => category.slug === parentSlug)?.children).toEqual([{ slug }]),
          })),
          ...readers.map((reader): Read => ({
            ...reader,
            query: CHILDREN,
            variables: { slug: parentSlug },
            shows: (data) => expect(data.category.children).toEqual([{ slug }]),
          })),
        ],
      };
    },
  },
  {
    field: 'Mutation.createProduct',
    arrange: async (shop) => {
      const name = shop.unique('Created Carnations');
      const slug = shop.unique('inv-created');
      const input = { name, slug, priceMinor: 1500, currency: 'EUR', stock: 5 };
      const readers = await shopWindowReaders(shop);
      return {
        mutation: { as: shop.staff, query: 'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', variables: { input } },
        reads: [
          ...readers.map((reader): Read => ({
            ...reader,
            query: SEARCH,
            variables: { search: name },
            shows: (data) => expect(data.products.totalCount).toBe(1),
          })),
          ...readers.map((reader): Read => ({ ...reader, query: BY_SLUG, variables: { slug }, shows: (data) => expect(data.productBySlug?.name).toBe(name) })),
        ],
      };
    },
  },
  {
    field: 'Mutation.updateProduct',
    arrange: async (shop) => {
      const name = shop.unique('Renamed Ranunculus');
      const id = await shop.product(shop.unique('Plain Ranunculus'));
      const readers = await shopWindowReaders(shop);
      // A customer's order shows the product as it is now beside the name it was ordered under (a private answer);
      // their cart and wishlist (never cached whole) show it through the catalog's cached part of the answer.
      const customer = await shop.customer();
      const { orderId } = await checkoutCart(shop.url, { ...customer, addressId: await addShopAddress(shop.url, customer.headers) }, [[id, 1]]);
      const { createCart } = await shop.run(customer.headers, 'mutation { createCart { id } }');
      await shop.run(customer.headers, 'mutation($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 2) { id } }', {
        c: createCart.id,
        p: id,
      });
      await shop.run(customer.headers, 'mutation($p: ID!) { addToWishlist(productId: $p) { id } }', { p: id });
      const ORDERED = 'query($id: ID!) { order(id: $id) { lines { productName product { name } } } }';
      const CART = 'query($id: ID!) { cart(id: $id) { lines { product { name } unitPrice { amount } } totals { subtotal { amount } } } }';
      const WISHED = 'query { myWishlist { items { product { name } } } }';
      const shows = (data: any) => expect(data.product).toMatchObject({ name, description: 'Now with eucalyptus', price: { amount: '31.00' } });
      return {
        mutation: {
          as: shop.staff,
          query: 'mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }',
          variables: { id, input: { name, description: 'Now with eucalyptus', priceMinor: 3100 } },
        },
        reads: [
          ...readers.map((reader): Read => ({ ...reader, query: PRODUCT, variables: { id }, shows })),
          ...readers.map((reader): Read => ({ ...reader, query: SEARCH, variables: { search: name }, shows: searched([id]) })),
          {
            who: 'a customer who ordered it',
            as: customer.headers,
            cache: 'HIT',
            query: ORDERED,
            variables: { id: orderId },
            shows: (data) => expect(data.order.lines[0].product.name).toBe(name),
          },
          {
            who: 'a customer with it in their cart',
            as: customer.headers,
            cache: 'MISS',
            query: CART,
            variables: { id: createCart.id },
            shows: (data) =>
              expect(data.cart).toEqual({ lines: [{ product: { name }, unitPrice: { amount: '31.00' } }], totals: { subtotal: { amount: '62.00' } } }),
          },
          {
            who: 'a customer who wished for it',
            as: customer.headers,
            cache: 'MISS',
            query: WISHED,
            shows: (data) => expect(data.myWishlist.items).toEqual([{ product: { name } }]),
          },
        ],
      };
    },
  },
  {
    field: 'Mutation.archiveProduct',
    arrange: async (shop) => {
      const name = shop.unique('Archived Anemones');
      const id = await shop.product(name);
      const readers = (await shopWindowReaders(shop)).filter((reader) => reader.cache === 'HIT'); // staff still see archived products
      return {
        mutation: { as: shop.staff, query: 'mutation($id: ID!) { archiveProduct(id: $id) { id } }', variables: { id } },
        reads: [
          ...readers.map((reader): Read => ({ ...reader, query: PRODUCT, variables: { id }, shows: (data) => expect(data.product).toBeNull() })),
          ...readers.map((reader): Read => ({ ...reader, query: SEARCH, variables: { search: name }, shows: searched([]) })),
          {
            who: 'staff (the caller)',
            as: shop.staff,
            cache: 'BYPASS',
            query: 'query($id: ID!) { product(id: $id) { active } }',
            variables: { id },
            shows: (data) => expect(data.product.active).toBe(false),
          },
        ],
      };
    },
  },
  {
    // From plenty to a few: the count and the level shown to shoppers move (a change of `stockLevel` alone,
    // tagged apart from the product's other fields). Crossing zero is proven by checkout and cancelOrder.
    field: 'Mutation.adjustStock',
    arrange: async (shop) => {
      const id = await shop.product(shop.unique('Dwindling Daffodils'), 10);
      const readers = await shopWindowReaders(shop);
      const LEVEL = 'query($id: ID!) { product(id: $id) { id stockLevel } }';
      return {
        mutation: { as: shop.staff, query: 'mutation($id: ID!) { adjustStock(productId: $id, delta: -7) { stock } }', variables: { id } },
        reads: [
          ...readers.map((reader): Read => ({
            ...reader,
            query: PRODUCT,
            variables: { id },
            shows: (data) => expect(data.product).toMatchObject({ stock: 3, stockLevel: 'LOW_STOCK' }),
          })),
          ...readers.map((reader): Read => ({
            ...reader,
            query: LEVEL,
            variables: { id },
            shows: (data) => expect(data.product.stockLevel).toBe('LOW_STOCK'),
          })),
        ],
      };
    },
  },
];
