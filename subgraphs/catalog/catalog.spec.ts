import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import type { CatalogProviders } from './context';
import { catalogSubgraph } from './subgraph';

const CREATE = `mutation($input: CreateProductInput!) {
  createProduct(input: $input) { id slug name price { amountMinor currency amount } stock active }
}`;

describe('catalog subgraph (MongoDB wire)', () => {
  let catalog: StartedSubgraph<CatalogProviders>;
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
    expect(await catalog.providers.products.findBySlug(slug)).toBeNull();
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
    expect(_entities).toEqual([{ id: b.createProduct.id, name: b.createProduct.name }, null, { id: a.createProduct.id, name: a.createProduct.name }]);
  });

  describe('updating and archiving', () => {
    const UPDATE = `mutation($id: ID!, $input: UpdateProductInput!) {
      updateProduct(id: $id, input: $input) { id name slug price { amountMinor } colours tags stock active updatedAt } }`;
    const search = async (text: string) =>
      (await expectData(catalog.url, `query($s: String) { products(search: $s) { edges { node { id } } } }`, { s: text })).products.edges.map(
        (edge: { node: { id: string } }) => edge.node.id,
      );

    it('changes only the given fields, and search follows the new name', async () => {
      const word = `zv${Math.random().toString(36).slice(2, 8)}`;
      const { createProduct } = await expectData(catalog.url, CREATE, { input: { name: unique('Daisies'), priceMinor: 1500, stock: 4 } }, staff);
      const { updateProduct } = await expectData(
        catalog.url,
        UPDATE,
        { id: createProduct.id, input: { name: `Gerbera ${word}`, colours: [' Orange '] } },
        staff,
      );
      expect(updateProduct).toMatchObject({
        name: `Gerbera ${word}`,
        slug: createProduct.slug,
        price: { amountMinor: 1500 },
        colours: ['orange'],
        stock: 4,
        active: true,
      });
      expect(await search(word.slice(0, 5))).toEqual([createProduct.id]);
    });

    it('refuses a taken slug with CONFLICT, a bad price with BAD_USER_INPUT and an unknown product with NOT_FOUND, changing nothing', async () => {
      const a = (await expectData(catalog.url, CREATE, { input: { name: unique('Asters'), priceMinor: 1100 } }, staff)).createProduct;
      const b = (await expectData(catalog.url, CREATE, { input: { name: unique('Asters'), priceMinor: 1200 } }, staff)).createProduct;
      const conflict = await graphql(catalog.url, UPDATE, { id: b.id, input: { slug: a.slug } }, staff);
      expect(conflict.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'slug' });
      for (const priceMinor of [0, -100]) {
        const bad = await graphql(catalog.url, UPDATE, { id: b.id, input: { priceMinor, name: 'Changed' } }, staff);
        expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'priceMinor' });
      }
      expect(await catalog.providers.products.findBySlug(b.slug)).toMatchObject({ name: b.name, price: { amountMinor: 1200 } });
      const missing = await graphql(catalog.url, UPDATE, { id: '0123456789abcdef01234567', input: { name: 'x' } }, staff);
      expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    });

    it('archives for staff only; an archived product comes back with active: true', async () => {
      const { createProduct } = await expectData(catalog.url, CREATE, { input: { name: unique('Old Lilies'), priceMinor: 900 } }, staff);
      const archive = `mutation($id: ID!) { archiveProduct(id: $id) { active } }`;
      expect((await graphql(catalog.url, archive, { id: createProduct.id }, await asCustomer())).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await graphql(catalog.url, UPDATE, { id: createProduct.id, input: { name: 'x' } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await expectData(catalog.url, archive, { id: createProduct.id }, staff)).archiveProduct).toEqual({ active: false });
      expect((await expectData(catalog.url, `query($id: ID!) { product(id: $id) { id } }`, { id: createProduct.id })).product).toBeNull();
      await expectData(catalog.url, UPDATE, { id: createProduct.id, input: { active: true } }, staff);
      expect((await expectData(catalog.url, `query($id: ID!) { product(id: $id) { id } }`, { id: createProduct.id })).product).toEqual({
        id: createProduct.id,
      });
    });
  });

  describe('categories', () => {
    const CATEGORY = `mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id slug name parent { id } path { slug } } }`;

    it('builds a tree: children by name, a path from the top, products placed in a category', async () => {
      const root = (await expectData(catalog.url, CATEGORY, { input: { name: unique('Plants') } }, staff)).createCategory;
      const indoor = (await expectData(catalog.url, CATEGORY, { input: { name: 'Indoor', slug: unique('indoor'), parentId: root.id } }, staff)).createCategory;
      const cacti = (await expectData(catalog.url, CATEGORY, { input: { name: 'Cacti', slug: unique('cacti'), parentId: indoor.id } }, staff)).createCategory;
      await expectData(catalog.url, CATEGORY, { input: { name: 'Garden', slug: unique('garden'), parentId: root.id } }, staff);
      expect(cacti.parent).toEqual({ id: indoor.id });
      expect(cacti.path.map((category: { slug: string }) => category.slug)).toEqual([root.slug, indoor.slug, cacti.slug]);
      const { category } = await expectData(
        catalog.url,
        `query($slug: String) { category(slug: $slug) { id parent { id } children { name children { name } } } }`,
        { slug: root.slug },
      );
      expect(category).toEqual({
        id: root.id,
        parent: null,
        children: [
          { name: 'Garden', children: [] },
          { name: 'Indoor', children: [{ name: 'Cacti' }] },
        ],
      });
      const { categories } = await expectData(catalog.url, `query { categories { id } }`);
      expect(categories.map((c: { id: string }) => c.id)).toContain(root.id);
      expect(categories.map((c: { id: string }) => c.id)).not.toContain(indoor.id);
      const { createProduct } = await expectData(
        catalog.url,
        CREATE.replace('stock active', 'stock active category { slug path { slug } }'),
        {
          input: { name: unique('Barrel Cactus'), priceMinor: 1900, categoryId: cacti.id },
        },
        staff,
      );
      expect(createProduct.category).toEqual({ slug: cacti.slug, path: [{ slug: root.slug }, { slug: indoor.slug }, { slug: cacti.slug }] });
    });

    it('refuses a taken slug (CONFLICT), an unknown parent or category (BAD_USER_INPUT), and customers (FORBIDDEN)', async () => {
      const slug = unique('vases');
      await expectData(catalog.url, CATEGORY, { input: { name: 'Vases', slug } }, staff);
      expect((await graphql(catalog.url, CATEGORY, { input: { name: 'Vases', slug } }, staff)).errors?.[0].extensions).toMatchObject({
        code: 'CONFLICT',
        field: 'slug',
      });
      const orphan = await graphql(catalog.url, CATEGORY, { input: { name: 'Orphan', parentId: '0123456789abcdef01234567' } }, staff);
      expect(orphan.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'parentId' });
      const misplaced = await create({ name: 'Lost', slug: unique('lost'), priceMinor: 100, categoryId: '0123456789abcdef01234567' });
      expect(misplaced.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'categoryId' });
      expect((await graphql(catalog.url, CATEGORY, { input: { name: unique('Nope') } }, await asCustomer())).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  describe('access', () => {
    it('lets only staff and admins add products: anonymous UNAUTHENTICATED, customers FORBIDDEN, nothing written', async () => {
      const slug = unique('forbidden-daisies');
      const input = { name: 'Daisies', slug, priceMinor: 900 };
      const anonymous = await graphql(catalog.url, CREATE, { input });
      expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      const customer = await graphql(catalog.url, CREATE, { input }, await asCustomer());
      expect(customer.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(await catalog.providers.products.findBySlug(slug)).toBeNull();
      const admin = await expectData(catalog.url, CREATE, { input }, await asAdmin());
      expect(admin.createProduct.slug).toBe(slug);
    });

    it('shows products to anyone, signed in or not', async () => {
      const { createProduct } = await expectData(catalog.url, CREATE, { input: { name: unique('Public Freesias'), priceMinor: 1500 } }, staff);
      for (const headers of [{}, await asCustomer()]) {
        const read = await expectData(
          catalog.url,
          `query($id: ID!, $slug: String!) { product(id: $id) { name price { amount } } productBySlug(slug: $slug) { id } products(first: 100, sortBy: NEWEST) { edges { node { id } } } }`,
          { id: createProduct.id, slug: createProduct.slug },
          headers,
        );
        expect(read.product).toEqual({ name: createProduct.name, price: { amount: '15.00' } });
        expect(read.productBySlug.id).toBe(createProduct.id);
        expect(read.products.edges.map((edge: { node: { id: string } }) => edge.node.id)).toContain(createProduct.id);
      }
    });
  });
});
