// Shared by the catalog subgraph's spec files (kept free of test/ imports, so the build does not pull them in).

export const CREATE_PRODUCT = `mutation($input: CreateProductInput!) {
  createProduct(input: $input) { id slug name price { amountMinor currency amount } stock inStock active occasions colours flowerTypes tags category { id } }
}`;
export const CREATE_CATEGORY = `mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id slug name } }`;
export const PRODUCTS = `query($first: Int, $after: String, $search: String, $filter: ProductFilter, $sortBy: ProductSort) {
  products(first: $first, after: $after, search: $search, filter: $filter, sortBy: $sortBy) {
    totalCount
    edges { cursor node { id name } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const FACETS = `query($search: String, $filter: ProductFilter) {
  products(first: 0, search: $search, filter: $filter) {
    totalCount
    facets {
      categories { category { slug } count }
      occasions { occasion count }
      colours { value count }
      flowerTypes { value count }
      priceBands { minMinor maxMinor count }
    }
  }
}`;
export const ADJUST_STOCK = `mutation($productId: ID!, $delta: Int!) { adjustStock(productId: $productId, delta: $delta) { id stock inStock } }`;
