import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asStaff } from '../../test/support/tokens';
import { CREATE_CATEGORY, CREATE_PRODUCT } from './catalog.test-support';
import type { CatalogProviders } from './context';
import { catalogSubgraph } from './subgraph';

const TEXTS = `query($id: ID!) { product(id: $id) {
  name es: name(locale: ES) en: name(locale: EN) description enDescription: description(locale: EN) tags enTags: tags(locale: EN)
  category { name en: name(locale: EN) } } }`;
const SEARCH = `query($s: String) { products(search: $s) { totalCount suggestion edges { node { id } } facets { occasions { occasion label en: label(locale: EN) } } } }`;

describe('products and categories in Spanish and English (a locale argument, Spanish by default)', () => {
  let catalog: StartedSubgraph<CatalogProviders>;
  let staff: Record<string, string>;
  const marker = `zl${Math.random().toString(36).slice(2, 8)}`;
  beforeAll(async () => {
    catalog = await startTestSubgraph(catalogSubgraph);
    staff = await asStaff();
  });
  afterAll(() => catalog?.stop());

  const create = async (input: Record<string, unknown>) =>
    (await expectData(catalog.url, CREATE_PRODUCT, { input: { slug: unique('locale'), priceMinor: 3000, ...input } }, staff)).createProduct.id as string;
  const search = async (text: string) => (await expectData(catalog.url, SEARCH, { s: text })).products;

  it('answers each text in the language asked for, falling back to the base text where a translation lacks it', async () => {
    const category = (
      await expectData(
        catalog.url,
        CREATE_CATEGORY,
        { input: { name: 'Sunflowers', slug: unique('sunflowers'), translations: [{ locale: 'ES', name: 'Girasoles' }] } },
        staff,
      )
    ).createCategory;
    const id = await create({
      name: `Sunny Bunch ${marker}`,
      description: 'Bright sunflowers',
      tags: ['summer'],
      categoryId: category.id,
      translations: [{ locale: 'ES', name: `Ramo Soleado ${marker}`, description: 'Girasoles luminosos' }],
    });
    expect((await expectData(catalog.url, TEXTS, { id })).product).toEqual({
      name: `Ramo Soleado ${marker}`,
      es: `Ramo Soleado ${marker}`,
      en: `Sunny Bunch ${marker}`,
      description: 'Girasoles luminosos',
      enDescription: 'Bright sunflowers',
      tags: ['summer'],
      enTags: ['summer'],
      category: { name: 'Girasoles', en: 'Sunflowers' },
    });
    for (const words of [`soleado ${marker}`, `sunny ${marker}`, `girasol ${marker}`, `sunflower ${marker}`]) {
      expect(
        (await search(words)).edges.map(({ node }: { node: { id: string } }) => node.id),
        words,
      ).toEqual([id]);
    }
  });

  it('serves the one text of a product without translations in every language, and follows translations changed later', async () => {
    const id = await create({ name: `Blue Iris ${marker}` });
    expect((await expectData(catalog.url, TEXTS, { id })).product).toMatchObject({ name: `Blue Iris ${marker}`, en: `Blue Iris ${marker}` });
    expect((await search(`lirio ${marker}`)).totalCount).toBe(0);
    await expectData(
      catalog.url,
      `mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }`,
      { id, input: { translations: [{ locale: 'ES', name: `Lirio Azul ${marker}` }] } },
      staff,
    );
    expect((await expectData(catalog.url, TEXTS, { id })).product).toMatchObject({ name: `Lirio Azul ${marker}`, en: `Blue Iris ${marker}` });
    expect((await search(`lirios azules ${marker}`)).totalCount).toBe(1);
  });

  it('names occasions in either language, and suggests the search with a typo corrected', async () => {
    await create({ name: `Chrysanthemum Tribute ${marker}`, occasions: ['SYMPATHY'] });
    const found = await search(`chrysantemum ${marker}`);
    expect(found).toMatchObject({ totalCount: 1, suggestion: `chrysanthemum ${marker}` });
    expect(found.facets.occasions).toEqual([{ occasion: 'SYMPATHY', label: 'Condolencias', en: 'Sympathy' }]);
    expect((await search(`condolencias ${marker}`)).totalCount).toBe(1);
  });

  it('refuses two translations in one language with BAD_USER_INPUT naming it', async () => {
    const twice = [
      { locale: 'EN', name: 'One' },
      { locale: 'EN', name: 'Two' },
    ];
    const result = await graphql(
      catalog.url,
      CREATE_PRODUCT,
      { input: { name: 'Twice', slug: unique('twice'), priceMinor: 1000, translations: twice } },
      staff,
    );
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'translations.1.locale' });
  });
});
