import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import type { CatalogStores } from './context';
import { catalogSubgraph } from './subgraph';

const CREATE = `mutation($input: CreateProductInput!) {
  createProduct(input: $input) { id slug name price { amountMinor currency amount } stock active }
}`;

describe('catalog subgraph (MongoDB wire)', () => {
  let catalog: StartedSubgraph<CatalogStores>;
  let staff: Record<string, string>;
  beforeAll(async () => {
    catalog = await startTestSubgraph(catalogSubgraph);
    staff = await asStaff();
  });
  afterAll(() => catalog?.stop());

  /** Products are added by staff; everything else here is read anonymously, as shoppers browse. */
  const create = (input: Record<string, unknown>) => graphql(catalog.url, CREATE, { input }, staff);

  it('creates a product and reads it back by id and by slug', async () => {
    const name = unique('Red Roses');
    const { createProduct } = await expectData(catalog.url, CREATE, { input: { name, priceMinor: 3450, currency: 'eur', stock: 7 } }, staff);
    expect(createProduct).toMatchObject({
      name,
      slug: name.toLowerCase().replace(/ /g, '-'),
      price: { amountMinor: 3450, currency: 'EUR', amount: '34.50' },
      stock: 7,
      active: true,
    });
    const byId = await expectData(catalog.url, `query($id: ID!) { product(id: $id) { name stock } }`, { id: createProduct.id });
    expect(byId.product).toEqual({ name, stock: 7 });
    const bySlug = await expectData(catalog.url, `query($slug: String!) { productBySlug(slug: $slug) { id } }`, {
      slug: createProduct.slug,
    });
    expect(bySlug.productBySlug.id).toBe(createProduct.id);
  });

  it('refuses a second product with the same slug with CONFLICT', async () => {
    const slug = unique('tulips');
    await expectData(catalog.url, CREATE, { input: { name: 'Tulips', slug, priceMinor: 1000 } }, staff);
    const second = await create({ name: 'Other tulips', slug, priceMinor: 1200 });
    expect(second.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(second.errors?.[0].extensions?.field).toBe('slug');
  });

  it('rejects an invalid price with BAD_USER_INPUT and writes nothing', async () => {
    const slug = unique('free-lilies');
    const response = await create({ name: 'Lilies', slug, priceMinor: -5 });
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].extensions?.field).toBe('priceMinor');
    expect(await catalog.stores.products.findBySlug(slug)).toBeNull();
  });

  it('resolves entity references in the order asked, with null for unknown ids', async () => {
    const a = await expectData(catalog.url, CREATE, { input: { name: unique('Peonies'), priceMinor: 2000 } }, staff);
    const b = await expectData(catalog.url, CREATE, { input: { name: unique('Orchid'), priceMinor: 4000 } }, staff);
    const { _entities } = await expectData(
      catalog.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id name } } }`,
      {
        representations: [
          { __typename: 'Product', id: b.createProduct.id },
          { __typename: 'Product', id: 'not-an-id' },
          { __typename: 'Product', id: a.createProduct.id },
        ],
      },
    );
    expect(_entities).toEqual([
      { id: b.createProduct.id, name: b.createProduct.name },
      null,
      { id: a.createProduct.id, name: a.createProduct.name },
    ]);
  });

  describe('access', () => {
    it('lets only staff and admins add products: anonymous UNAUTHENTICATED, customers FORBIDDEN, nothing written', async () => {
      const slug = unique('forbidden-daisies');
      const input = { name: 'Daisies', slug, priceMinor: 900 };
      const anonymous = await graphql(catalog.url, CREATE, { input });
      expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      const customer = await graphql(catalog.url, CREATE, { input }, await asCustomer());
      expect(customer.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(await catalog.stores.products.findBySlug(slug)).toBeNull();
      const admin = await expectData(catalog.url, CREATE, { input }, await asAdmin());
      expect(admin.createProduct.slug).toBe(slug);
    });

    it('shows products to anyone, signed in or not', async () => {
      const { createProduct } = await expectData(catalog.url, CREATE, { input: { name: unique('Public Freesias'), priceMinor: 1500 } }, staff);
      for (const headers of [{}, await asCustomer()]) {
        const read = await expectData(
          catalog.url,
          `query($id: ID!, $slug: String!) { product(id: $id) { name price { amount } } productBySlug(slug: $slug) { id } products(first: 100) { id } }`,
          { id: createProduct.id, slug: createProduct.slug },
          headers,
        );
        expect(read.product).toEqual({ name: createProduct.name, price: { amount: '15.00' } });
        expect(read.productBySlug.id).toBe(createProduct.id);
        expect(read.products.map((product: { id: string }) => product.id)).toContain(createProduct.id);
      }
    });
  });
});
