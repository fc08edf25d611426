// The operations every target is loaded with: the same text, variables and caller for each.

export interface BenchQuery {
  /** Also the GraphQL operation name. */
  name: string;
  what: string;
  query: string;
  variables: Record<string, unknown>;
}

/** A category page as a signed-in customer sees it: prices, star ratings and their own wishlist flags. */
export const catalogPage = (categoryId: string): BenchQuery => ({
  name: 'CatalogPage',
  what: 'products(first: 20) of a category: price, rating, inWishlist (catalog, reviews, wishlist)',
  query: `query CatalogPage($category: ID!) {
  products(first: 20, filter: { categoryId: $category }) {
    edges { node { id name slug price { amount currency } inStock rating { average count } inWishlist } }
    pageInfo { hasNextPage endCursor }
  }
}`,
  variables: { category: categoryId },
});

/** A customer's orders with everything about each line's product: five subgraphs, three levels of entities. */
export const deepOrders = (): BenchQuery => ({
  name: 'DeepOrders',
  what: 'myOrders → user, lines → product → rating, inWishlist, reviews → author (orders, users, catalog, reviews, wishlist)',
  query: `query DeepOrders {
  myOrders(first: 5) {
    edges { node {
      id status total { amount currency }
      user { displayName }
      lines {
        quantity unitPrice { amount }
        product {
          name price { amount } inStock inWishlist
          rating { average count }
          reviews(first: 3) { edges { node { rating title author { displayName } } } }
        }
      }
    } }
  }
}`,
  variables: {},
});

/** The request body a client sends for this query. */
export const requestBody = (query: BenchQuery) => JSON.stringify({ operationName: query.name, query: query.query, variables: query.variables });
