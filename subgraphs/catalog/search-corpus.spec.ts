import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo, type MongoStore } from '../../runtime/stores/mongo';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { seedProducts, type SeedProduct } from '../../scripts/seed/catalog-data';
import { seedCatalog } from '../../scripts/seed/seed-catalog';
import { expectData } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import type { CatalogProviders } from './context';
import { searchCorpus, type SeedSelection } from './search-corpus.data';
import { catalogSubgraph, openCatalogStores } from './subgraph';

const SEARCH = `query($search: String, $after: String) {
  products(first: 100, search: $search, after: $after) { totalCount suggestion edges { node { slug } } pageInfo { hasNextPage endCursor } }
}`;

const selects = (selection: SeedSelection) => (product: SeedProduct) =>
  (!selection.flowerType || product.flowerTypes.includes(selection.flowerType)) &&
  (!selection.colour || product.colours.includes(selection.colour)) &&
  (!selection.categories || selection.categories.includes(product.categorySlug)) &&
  (!selection.occasion || product.occasions.includes(selection.occasion));

const slugsOf = (selection: SeedSelection) =>
  seedProducts()
    .filter(selects(selection))
    .map((product) => product.slug);

describe('search that finds: the shopper query corpus against the seeded demo catalog (a database of its own)', () => {
  const database = `flores_search_${randomUUID().slice(0, 8)}`;
  const url = testEnv.MONGODB_URL.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
  let mongo: MongoStore;
  let catalog: StartedSubgraph<CatalogProviders>;

  beforeAll(async () => {
    mongo = await connectMongo(url, 'search-corpus');
    await seedCatalog(await openCatalogStores(mongo));
    catalog = await startTestSubgraph(catalogSubgraph, { MONGODB_URL: url });
  }, 120_000);
  afterAll(async () => {
    await catalog?.stop();
    await mongo?.db.dropDatabase();
    await mongo?.close();
  });

  /** Every page of the search, in order. */
  async function search(text: string): Promise<{ slugs: string[]; suggestion: string | null }> {
    const slugs: string[] = [];
    let after: string | null = null;
    let suggestion: string | null;
    do {
      const page: any = (await expectData(catalog.url, SEARCH, { search: text, after })).products;
      slugs.push(...page.edges.map((edge: { node: { slug: string } }) => edge.node.slug));
      suggestion = page.suggestion;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return { slugs, suggestion };
  }

  it(`holds at least 40 queries, each expecting some product`, () => {
    expect(searchCorpus.length).toBeGreaterThanOrEqual(40);
    for (const query of searchCorpus) expect(slugsOf(query.finds).length, query.search).toBeGreaterThan(0);
  });

  it.each(searchCorpus)('"$search"', async ({ search: text, finds, first, suggestion }) => {
    const found = await search(text);
    const expected = slugsOf(finds);
    expect(
      expected.filter((slug) => !found.slugs.includes(slug)),
      'missed',
    ).toEqual([]);
    if (first) expect(found.slugs.slice(0, slugsOf(first).length).sort()).toEqual(slugsOf(first).sort());
    if (suggestion !== undefined) expect(found.suggestion).toBe(suggestion);
  });
});
