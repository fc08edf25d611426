import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { CREATE_CATEGORY, CREATE_PRODUCT, FACETS, PRODUCTS } from './catalog.test-support';
import type { CatalogProviders } from './context';
import { catalogSubgraph } from './subgraph';

type Ids = Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', string>;

describe('browsing the catalog: search, filters, orders, pages and facets (FerretDB)', () => {
  let catalog: StartedSubgraph<CatalogProviders>;
  let staff: Record<string, string>;
  const categories: Record<'root' | 'roses' | 'redRoses' | 'tulips', { id: string; slug: string }> = {} as never;
  const ids = {} as Ids;
  /** A word only this run's products carry, so other tests' products never show up in a search. */
  const marker = `zq${Math.random().toString(36).slice(2, 8)}`;

  const page = async (variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
    (await expectData(catalog.url, PRODUCTS, variables, headers)).products;
  const names = (connection: { edges: Array<{ node: { id: string } }> }) =>
    connection.edges.map(({ node }) => (Object.entries(ids).find(([, id]) => id === node.id) ?? ['?'])[0]);
  const inRoot = (filter: Record<string, unknown> = {}) => ({ filter: { categoryId: categories.root.id, ...filter } });

  beforeAll(async () => {
    catalog = await startTestSubgraph(catalogSubgraph);
    staff = await asStaff();
    const category = async (name: string, parentId?: string) =>
      (await expectData(catalog.url, CREATE_CATEGORY, { input: { name, slug: unique(name), parentId } }, staff)).createCategory;
    categories.root = await category('Flowers');
    categories.roses = await category('Roses', categories.root.id);
    categories.redRoses = await category('Red roses', categories.roses.id);
    categories.tulips = await category('Tulips', categories.root.id);
    const product = async (input: Record<string, unknown>) =>
      (
        await expectData(
          catalog.url,
          CREATE_PRODUCT,
          { input: { ...input, slug: unique('listing'), tags: [...((input.tags as string[]) ?? []), marker] } },
          staff,
        )
      ).createProduct.id as string;
    // Created one after another: NEWEST is F, E, D, C, B, A.
    ids.A = await product({
      name: 'Ramo de Peonías',
      description: 'Peonías rosadas de temporada',
      categoryId: categories.root.id,
      occasions: ['BIRTHDAY', 'ROMANCE'],
      colours: ['Pink'],
      flowerTypes: ['peony'],
      tags: ['spring'],
      priceMinor: 4500,
      stock: 5,
    });
    ids.B = await product({
      name: 'Red Rose Bouquet',
      categoryId: categories.redRoses.id,
      occasions: ['ROMANCE', 'ANNIVERSARY'],
      colours: ['red'],
      flowerTypes: ['rose'],
      tags: ['classic'],
      priceMinor: 6000,
      stock: 0,
    });
    ids.C = await product({
      name: 'White Tulips',
      description: 'Fresh tulips with a single rose',
      categoryId: categories.tulips.id,
      occasions: ['SYMPATHY'],
      colours: ['white'],
      flowerTypes: ['tulip'],
      priceMinor: 2000,
      stock: 3,
    });
    ids.D = await product({
      name: 'Rose & Tulip Mix',
      categoryId: categories.roses.id,
      occasions: ['BIRTHDAY'],
      colours: ['red', 'white'],
      flowerTypes: ['rose', 'tulip'],
      priceMinor: 12000,
      stock: 10,
    });
    ids.E = await product({ name: 'Archived Roses', categoryId: categories.roses.id, colours: ['red'], flowerTypes: ['rose'], priceMinor: 3000, stock: 4 });
    ids.F = await product({
      name: 'Sunflower Basket',
      categoryId: categories.root.id,
      occasions: ['THANK_YOU'],
      colours: ['yellow'],
      flowerTypes: ['sunflower'],
      priceMinor: 4500,
      stock: 2,
    });
    await expectData(catalog.url, `mutation($id: ID!) { archiveProduct(id: $id) { active } }`, { id: ids.E }, staff);
  });
  afterAll(() => catalog?.stop());

  describe('search', () => {
    it('ignores accents and case, and matches beginnings of words', async () => {
      expect(names(await page({ search: `PEONIAS ${marker}` }))).toEqual(['A']);
      expect(names(await page({ search: `peón ${marker}` }))).toEqual(['A']);
      expect(names(await page({ search: `ramo ${marker}` }))).toEqual(['A']);
    });

    it('needs every word to match, and ranks matches in the name first', async () => {
      const both = await page({ search: `rose tulip ${marker}` });
      expect(names(both)).toEqual(['D', 'C']); // D has both words in its name, C only in its description
      expect(both.totalCount).toBe(2);
      expect(names(await page({ search: `rose ${marker}` }))).toEqual(['D', 'B', 'C']);
      expect(names(await page({ search: `rose peony ${marker}` }))).toEqual([]);
    });

    it('searches tags and pages through relevance without repeats', async () => {
      const first = await page({ search: `${marker} ro`, first: 2 });
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = await page({ search: `${marker} ro`, first: 2, after: first.pageInfo.endCursor });
      const all = [...names(first), ...names(second)];
      expect(new Set(all).size).toBe(all.length);
      expect(all.sort()).toEqual(['A', 'B', 'C', 'D']); // "ro" starts rose, roses, rosadas; never the archived one
    });
  });

  describe('filters (each within the test category tree)', () => {
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      ['a category includes the categories below it', { categoryId: 'roses' }, ['B', 'D']],
      ['the root category includes the whole tree', {}, ['A', 'B', 'C', 'D', 'F']],
      ['occasions', { occasions: ['SYMPATHY', 'THANK_YOU'] }, ['C', 'F']],
      ['colours, compared in lower case', { colours: ['White'] }, ['C', 'D']],
      ['flower types', { flowerTypes: ['rose'] }, ['B', 'D']],
      ['a price range, inclusive', { priceMin: 2000, priceMax: 4500 }, ['A', 'C', 'F']],
      ['in stock', { inStock: true }, ['A', 'C', 'D', 'F']],
      ['sold out', { inStock: false }, ['B']],
      ['several conditions at once', { colours: ['red'], priceMax: 7000 }, ['B']],
    ];
    it.each(cases)('%s', async (_name, filter, expected) => {
      const categoryId = filter.categoryId === 'roses' ? categories.roses.id : categories.root.id;
      const result = await page({ filter: { ...filter, categoryId }, sortBy: 'NAME' });
      expect(names(result).sort()).toEqual(expected);
      expect(result.totalCount).toBe(expected.length);
    });

    it('finds nothing in an unknown category', async () => {
      expect((await page({ filter: { categoryId: new ObjectId().toHexString() } })).totalCount).toBe(0);
    });
  });

  describe('orders, paged one or two at a time without overlaps or gaps', () => {
    beforeAll(async () => {
      await catalog.providers.products.applyRating(new ObjectId(ids.B), 4.5, 2, new Date());
      await catalog.providers.products.applyRating(new ObjectId(ids.C), 3, 1, new Date());
    });
    const orders: Array<[string, string[]]> = [
      ['PRICE_ASC', ['C', 'A', 'F', 'B', 'D']], // A and F cost the same: the older id first
      ['PRICE_DESC', ['D', 'B', 'F', 'A', 'C']],
      ['NEWEST', ['F', 'D', 'C', 'B', 'A']],
      ['RELEVANCE', ['F', 'D', 'C', 'B', 'A']], // without a search: newest first
      ['NAME', ['A', 'B', 'D', 'F', 'C']],
      ['RATING', ['B', 'C', 'F', 'D', 'A']], // unrated last, newest first among them
    ];
    for (const size of [1, 2]) {
      it.each(orders)(`%s, ${size} per page`, async (sortBy, expected) => {
        const seen: string[] = [];
        let after: string | null = null;
        for (let pages = 0; pages < 10; pages += 1) {
          const result: any = await page({ ...inRoot(), sortBy, first: size, after });
          expect(result.totalCount).toBe(5);
          seen.push(...names(result));
          if (!result.pageInfo.hasNextPage) break;
          after = result.pageInfo.endCursor;
        }
        expect(seen).toEqual(expected);
      });
    }

    it('refuses a cursor of another order, an edited cursor and a reversed price range with BAD_USER_INPUT', async () => {
      const first = await page({ ...inRoot(), sortBy: 'PRICE_ASC', first: 1 });
      for (const [variables, field] of [
        [{ ...inRoot(), sortBy: 'NAME', after: first.pageInfo.endCursor }, 'after'],
        [{ ...inRoot(), sortBy: 'PRICE_ASC', after: `${first.pageInfo.endCursor}x` }, 'after'],
        [{ filter: { priceMin: 500, priceMax: 100 } }, 'filter.priceMax'],
        [{ first: -1 }, 'first'],
      ] as const) {
        const response = await graphql(catalog.url, PRODUCTS, variables);
        expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
    });

    it('caps a page at 100', async () => {
      const result = await page({ first: 1000 });
      expect(result.edges.length).toBeLessThanOrEqual(100);
    });
  });

  it('counts facets over every page of the search and filter, a category counting the ones below it', async () => {
    const { products } = await expectData(catalog.url, FACETS, inRoot());
    expect(products.totalCount).toBe(5);
    const { facets } = products;
    const bySlug = Object.fromEntries(facets.categories.map((facet: any) => [facet.category.slug, facet.count]));
    expect(bySlug).toEqual({ [categories.root.slug]: 5, [categories.roses.slug]: 2, [categories.redRoses.slug]: 1, [categories.tulips.slug]: 1 });
    const counts = (list: any[], key: string) => Object.fromEntries(list.map((facet) => [facet[key], facet.count]));
    expect(counts(facets.occasions, 'occasion')).toEqual({ BIRTHDAY: 2, ROMANCE: 2, ANNIVERSARY: 1, SYMPATHY: 1, THANK_YOU: 1 });
    expect(counts(facets.colours, 'value')).toEqual({ red: 2, white: 2, pink: 1, yellow: 1 });
    expect(counts(facets.flowerTypes, 'value')).toEqual({ rose: 2, tulip: 2, peony: 1, sunflower: 1 });
    expect(facets.priceBands.map((band: any) => band.count)).toEqual([1, 2, 1, 0, 1]);
    expect(facets.priceBands[0]).toEqual({ minMinor: 0, maxMinor: 2500, count: 1 });

    const searched = (await expectData(catalog.url, FACETS, { search: `rose ${marker}`, filter: { inStock: true } })).products;
    expect(searched.totalCount).toBe(2); // C and D: B is sold out
    expect(counts(searched.facets.colours, 'value')).toEqual({ white: 2, red: 1 });
  });

  describe('archived products', () => {
    it('are hidden from shoppers but shown to staff and still resolve for other subgraphs', async () => {
      const read = `query($id: ID!) { product(id: $id) { id active } }`;
      const bySlug = `query($slug: String!) { productBySlug(slug: $slug) { id } }`;
      const [archived] = await catalog.providers.products.findByIds([ids.E]);
      for (const headers of [{}, await asCustomer()]) {
        expect((await expectData(catalog.url, read, { id: ids.E }, headers)).product).toBeNull();
        expect((await expectData(catalog.url, bySlug, { slug: archived.slug }, headers)).productBySlug).toBeNull();
      }
      expect((await expectData(catalog.url, read, { id: ids.E }, staff)).product).toEqual({ id: ids.E, active: false });
      expect(names(await page({ search: `archived ${marker}` }))).toEqual([]);
      const { _entities } = await expectData(catalog.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id name } } }`, {
        r: [{ __typename: 'Product', id: ids.E }],
      });
      expect(_entities).toEqual([{ id: ids.E, name: 'Archived Roses' }]);
    });
  });
});
