/** One query shape of the benchmark: its operation, and the variables its requests cycle through. */
export interface Shape {
  name: string;
  query: string;
  variables: Array<Record<string, unknown>>;
  /** Sorted shapes page on: their requests also ask for pages 2 to 5, through the cursors of a first walk. */
  pages?: number;
}

const PAGE = `query($first: Int, $after: String, $search: String, $filter: ProductFilter, $sortBy: ProductSort) {
  products(first: $first, after: $after, search: $search, filter: $filter, sortBy: $sortBy) {
    totalCount edges { node { id name slug price { amount currency } inStock } } pageInfo { hasNextPage endCursor }
  }
}`;
const FACETS = `query($search: String, $filter: ProductFilter) {
  products(first: 0, search: $search, filter: $filter) { totalCount facets {
    categories { category { slug } count } occasions { occasion count } colours { value count } flowerTypes { value count } priceBands { minMinor count } } }
}`;

/** The 20-product page of goal 3 (price, stock), and the reviews subgraph's ratings of those products. */
export const CPU_PAGE = '{ products(first: 20) { edges { node { id name slug price { amount currency } inStock stock } } } }';
export const RATINGS = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id rating { average count } } } }';

const page = (variables: Record<string, unknown>) => ({ first: 20, ...variables });

/** Search, each filter, each sort and the facets; `parentCategory` is a top-level category with a subtree. */
export function benchShapes(parentCategory: string): Shape[] {
  const searches = ['rosas', 'peony white', 'ramo clásico', 'tulip', 'orquídeas moradas', 'bestseller', 'gir', 'hortensia azul'];
  const filtered = (name: string, filter: Record<string, unknown>): Shape => ({
    name: `filter: ${name}`,
    query: PAGE,
    variables: [page({ filter, sortBy: 'NEWEST' })],
    pages: 5,
  });
  const sorted = (sortBy: string): Shape => ({ name: `sort: ${sortBy}`, query: PAGE, variables: [page({ sortBy })], pages: 5 });
  return [
    { name: 'search (relevance)', query: PAGE, variables: searches.map((search) => page({ search, sortBy: 'RELEVANCE' })) },
    filtered('category subtree', { categoryId: parentCategory }),
    filtered('occasions', { occasions: ['BIRTHDAY', 'THANK_YOU'] }),
    filtered('colours', { colours: ['pink'] }),
    filtered('flower types', { flowerTypes: ['rose', 'peony'] }),
    filtered('price range', { priceMin: 2_000, priceMax: 6_000 }),
    filtered('in stock', { inStock: true }),
    filtered('sold out', { inStock: false }),
    filtered('all of them', { categoryId: parentCategory, colours: ['red', 'pink'], priceMax: 9_000, inStock: true }),
    sorted('PRICE_ASC'),
    sorted('PRICE_DESC'),
    sorted('NEWEST'),
    sorted('NAME'),
    sorted('RATING'),
    { name: 'facets (all)', query: FACETS, variables: [{}] },
    { name: 'facets (search + filter)', query: FACETS, variables: searches.map((search) => ({ search, filter: { inStock: true } })) },
  ];
}
