// The operations every target is loaded with: the same text, variables and caller for each.

export interface BenchQuery {
  /** Also the GraphQL operation name. */
  name: string;
  what: string;
  /** Who sends it: the benchmark's signed-in customer (a private answer) or nobody signed in (a public one). */
  caller: 'customer' | 'anonymous';
  query: string;
  variables: Record<string, unknown>;
}

/** The tile of a catalog page: price, stock flag, star rating and the caller's wishlist flag. */
const catalogTile = 'id name slug price { amount currency } inStock rating { average count } wishlisted';

const catalogPageQuery = (name: string) => `query ${name}($category: ID!) {
  products(first: 20, filter: { categoryId: $category }) {
    edges { node { ${catalogTile} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** A category page as a signed-in customer sees it: prices, star ratings and their own wishlist flags. */
export const catalogPage = (categoryId: string): BenchQuery => ({
  name: 'CatalogPage',
  what: 'products(first: 20) of a category: price, inStock, rating, wishlisted (catalog, reviews, wishlist); private',
  caller: 'customer',
  query: catalogPageQuery('CatalogPage'),
  variables: { category: categoryId },
});

/** The same page for a visitor who is not signed in: wishlisted is false for all, so the answer is public. */
export const publicCatalogPage = (categoryId: string): BenchQuery => ({
  name: 'PublicCatalogPage',
  what: 'CatalogPage without Authorization (wishlisted false for all); public',
  caller: 'anonymous',
  query: catalogPageQuery('PublicCatalogPage'),
  variables: { category: categoryId },
});

/** A big public answer (~90 KB): a whole category with descriptions, breadcrumbs and five reviews per product. */
export const publicLargePage = (categoryId: string): BenchQuery => ({
  name: 'PublicLargePage',
  what: 'products(first: 50) with description, images, category path, rating, reviews(first: 5) → author (catalog, reviews, users); public',
  caller: 'anonymous',
  query: `query PublicLargePage($category: ID!) {
  products(first: 50, filter: { categoryId: $category }) {
    totalCount
    edges { node {
      id name slug description price { amount currency } inStock
      images { url alt }
      category { id name path { name } }
      rating { average count }
      reviews(first: 5) { edges { node { rating title body createdAt reviewer { displayName } } } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  variables: { category: categoryId },
});

/** A customer's orders with everything about each line's product: five subgraphs, three levels of entities. */
export const deepOrders = (): BenchQuery => ({
  name: 'DeepOrders',
  what: 'myOrders → customer, lines → currentProduct → rating, wishlisted, reviews → reviewer (orders, users, catalog, reviews, wishlist); private',
  caller: 'customer',
  query: `query DeepOrders {
  myOrders(first: 5) {
    edges { node {
      id status total { amount currency }
      customer { displayName }
      lines {
        quantity unitPrice { amount }
        currentProduct {
          name price { amount } inStock wishlisted
          rating { average count }
          reviews(first: 3) { edges { node { rating title reviewer { displayName } } } }
        }
      }
    } }
  }
}`,
  variables: {},
});

/** A catalog page with the filters, search, sort, cursor and size a caller chose (the varied traffic). */
export const variedCatalogPageQuery = `query VariedCatalogPage($first: Int!, $after: String, $search: String, $sortBy: ProductSort, $filter: ProductFilter) {
  products(first: $first, after: $after, search: $search, sortBy: $sortBy, filter: $filter) {
    edges { node { ${catalogTile} } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** The request body a client sends for this operation. */
export const requestBody = (name: string, query: string, variables: Record<string, unknown>) => JSON.stringify({ operationName: name, query, variables });
