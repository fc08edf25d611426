import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceCallerHeaders } from '../../runtime/auth/service-caller';
import { reportedCacheTags } from '../../runtime/graphql/cache-tags';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asStaff } from '../../test/support/tokens';
import { ADJUST_STOCK, CREATE_CATEGORY, CREATE_PRODUCT } from './catalog.test-support';
import type { CatalogProviders } from './context';
import { catalogSubgraph } from './subgraph';

describe('cache tags the catalog reports to the router (runtime/graphql/cache-tags.ts)', () => {
  let catalog: StartedSubgraph<CatalogProviders>;
  let staff: Record<string, string>;
  beforeAll(async () => {
    catalog = await startTestSubgraph(catalogSubgraph);
    staff = await asStaff();
  });
  afterAll(() => catalog?.stop());

  const tagsOf = async (query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    const response = await graphql(catalog.url, query, variables, headers);
    const reported = reportedCacheTags(response.extensions);
    return { data: response.data, errors: response.errors, reads: [...(reported?.reads ?? [])].sort(), changes: [...(reported?.changes ?? [])].sort() };
  };
  const product = async (stock: number) =>
    (await expectData(catalog.url, CREATE_PRODUCT, { input: { name: unique('Tagged Aster'), priceMinor: 1200, stock } }, staff)).createProduct as {
      id: string;
      slug: string;
    };

  describe('reads', () => {
    it('a page: the listing and each product in it; its stock only where the exact count is shown', async () => {
      const word = `zk${randomUUID().slice(0, 6)}`;
      const a = (await expectData(catalog.url, CREATE_PRODUCT, { input: { name: `Aster ${word}`, priceMinor: 900 } }, staff)).createProduct.id;
      const b = (await expectData(catalog.url, CREATE_PRODUCT, { input: { name: `Aster ${word} two`, priceMinor: 800 } }, staff)).createProduct.id;
      const page = `query($s: String) { products(search: $s) { totalCount edges { node { id name inStock price { amount } } } } }`;
      expect((await tagsOf(page, { s: word })).reads).toEqual(['catalog:Product', `catalog:Product:${a}`, `catalog:Product:${b}`].sort());
      const withStock = page.replace('inStock', 'inStock stock');
      expect((await tagsOf(withStock, { s: word })).reads).toEqual(
        ['catalog:Product', `catalog:Product:${a}`, `catalog:Product:${b}`, `catalog:Product:${a}:stock`, `catalog:Product:${b}:stock`].sort(),
      );
      const facets = `query($s: String) { products(first: 0, search: $s) { totalCount facets { colours { value } categories { category { slug } } } } }`;
      expect((await tagsOf(facets, { s: word })).reads).toEqual(['catalog:Category', 'catalog:Product']);
      // Filtered by stock, a listing also depends on which products are in stock (neither is: none shown).
      const inStockOnly = `query($s: String) { products(search: $s, filter: { inStock: true }) { totalCount edges { node { id } } } }`;
      expect((await tagsOf(inStockOnly, { s: word })).reads).toEqual(['catalog:Product', 'catalog:ProductStock']);
    });

    it('one product by id or slug; which products exist when there is none', async () => {
      const { id, slug } = await product(2);
      expect((await tagsOf(`query($id: ID!) { product(id: $id) { name inStock } }`, { id })).reads).toEqual([`catalog:Product:${id}`]);
      expect((await tagsOf(`query($id: ID!) { product(id: $id) { stock } }`, { id })).reads).toEqual([`catalog:Product:${id}`, `catalog:Product:${id}:stock`]);
      expect((await tagsOf(`query($id: ID!) { product(id: $id) { stockLevel } }`, { id })).reads).toEqual([
        `catalog:Product:${id}`,
        `catalog:Product:${id}:stockLevel`,
      ]);
      expect((await tagsOf(`query($slug: String!) { productBySlug(slug: $slug) { id } }`, { slug })).reads).toEqual([`catalog:Product:${id}`]);
      expect((await tagsOf(`query { product(id: "0123456789abcdef01234567") { id } }`)).reads).toEqual(['catalog:Product']);
      expect((await tagsOf(`query { productBySlug(slug: "${unique('none')}") { id } }`)).reads).toEqual(['catalog:Product']);
      const entities = await tagsOf(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id stock } } }`, {
        r: [{ __typename: 'Product', id }],
      });
      expect(entities.reads).toEqual([`catalog:Product:${id}`, `catalog:Product:${id}:stock`]);
    });

    it('categories', async () => {
      expect((await tagsOf(`query { categories { slug children { slug } } }`)).reads).toEqual(['catalog:Category']);
    });
  });

  describe('writes', () => {
    it('creating and updating a product change it and the listings', async () => {
      const created = await tagsOf(CREATE_PRODUCT, { input: { name: unique('Fresh Tulip'), priceMinor: 1500 } }, staff);
      expect(created.changes).toEqual(['catalog:Product', `catalog:Product:${created.data.createProduct.id}`]);
      const { id: existing } = await product(1);
      const updated = await tagsOf(`mutation($id: ID!) { updateProduct(id: $id, input: { priceMinor: 1700 }) { id } }`, { id: existing }, staff);
      expect(updated.changes).toEqual(['catalog:Product', `catalog:Product:${existing}`, `catalog:Product:${existing}:stock`].sort());
      const archived = await tagsOf(`mutation($id: ID!) { archiveProduct(id: $id) { id } }`, { id: existing }, staff);
      expect(archived.changes).toEqual(['catalog:Product', `catalog:Product:${existing}`, `catalog:Product:${existing}:stock`].sort());
    });

    it('a stock change changes the count; another level its level; crossing zero also inStock and which products are in stock', async () => {
      const { id } = await product(7);
      expect((await tagsOf(ADJUST_STOCK, { productId: id, delta: -1 }, staff)).changes).toEqual([`catalog:Product:${id}:stock`]); // 6: still IN_STOCK
      expect((await tagsOf(ADJUST_STOCK, { productId: id, delta: -5 }, staff)).changes).toEqual(
        [`catalog:Product:${id}:stock`, `catalog:Product:${id}:stockLevel`].sort(),
      ); // 1: LOW_STOCK
      expect((await tagsOf(ADJUST_STOCK, { productId: id, delta: -1 }, staff)).changes).toEqual(
        [`catalog:Product:${id}`, `catalog:Product:${id}:stock`, `catalog:Product:${id}:stockLevel`, 'catalog:ProductStock'].sort(),
      );
      const refused = await tagsOf(ADJUST_STOCK, { productId: id, delta: -1 }, staff);
      expect(refused.errors?.[0].extensions?.code).toBe('OUT_OF_STOCK');
    });

    it('reservations and releases, for every line they changed', async () => {
      const asOrders = serviceCallerHeaders('orders', testEnv.INTERNAL_SECRET);
      const [a, b] = [(await product(1)).id, (await product(5)).id];
      const reservationId = randomUUID();
      const reserve = `mutation($id: ID!, $lines: [StockReservationLineInput!]!) { reserveStock(reservationId: $id, lines: $lines) { id } }`;
      const reserved = await tagsOf(
        reserve,
        {
          id: reservationId,
          lines: [
            { productId: a, quantity: 1 },
            { productId: b, quantity: 1 },
          ],
        },
        asOrders,
      );
      const changedByBoth = [
        `catalog:Product:${a}`,
        `catalog:Product:${a}:stock`,
        `catalog:Product:${a}:stockLevel`,
        `catalog:Product:${b}:stock`,
        'catalog:ProductStock',
      ].sort();
      expect(reserved.changes).toEqual(changedByBoth);
      const released = await tagsOf(`mutation($id: ID!) { releaseStock(reservationId: $id) }`, { id: reservationId }, asOrders);
      expect(released.changes).toEqual(changedByBoth);
      // Refused before it took anything: nothing changed, and it says so (not "everything of the catalog").
      const refused = await tagsOf(reserve, { id: randomUUID(), lines: [{ productId: a, quantity: 5 }] }, asOrders);
      expect(refused.errors?.[0].extensions?.code).toBe('OUT_OF_STOCK');
      expect(refused.changes).toEqual([]);
    });

    it('creating a category changes the categories', async () => {
      const created = await tagsOf(CREATE_CATEGORY, { input: { name: unique('Tagged Shelf') } }, staff);
      expect(created.changes).toEqual(['catalog:Category', `catalog:Category:${created.data.createCategory.id}`]);
    });
  });
});
