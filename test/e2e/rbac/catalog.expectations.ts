import { unique } from '../../support/graphql';
import type { Call, SubgraphExpectations } from './types';

/** The data of a setup step that must succeed; fails the setup with the errors otherwise. */
export function dataOf<TData = any>(response: { data?: any; errors?: any[] }, what: string): TData {
  if (response.errors?.length || !response.data) throw new Error(`${what} failed: ${JSON.stringify(response.errors)}`);
  return response.data as TData;
}

/** A product in the catalog, added by staff as only staff may; other setups use it for lines and reviews. */
export async function createProductAsStaff(call: Call, name = 'RBAC Roses'): Promise<{ id: string; slug: string; name: string }> {
  const response = await call('staff', `mutation($input: CreateProductInput!) { createProduct(input: $input) { id slug name } }`, {
    input: { name, slug: unique('rbac-product'), priceMinor: 2500, currency: 'EUR', stock: 10 },
  });
  return dataOf(response, 'createProduct').createProduct;
}

const EVERYONE = { anonymous: 'allowed', customer: 'allowed', otherCustomer: 'allowed', staff: 'allowed', admin: 'allowed' } as const;
const STAFF_ONLY = { anonymous: 'UNAUTHENTICATED', customer: 'FORBIDDEN', otherCustomer: 'FORBIDDEN', staff: 'allowed', admin: 'allowed' } as const;

/** The shop window: anyone browses it; only staff and admins change it (stock reservations are not in the API: @inaccessible). */
export const catalogExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    const product = await createProductAsStaff(call);
    const category = await call('staff', `mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id slug } }`, {
      input: { name: 'RBAC Bouquets', slug: unique('rbac-category') },
    });
    const { id: categoryId, slug: categorySlug } = dataOf(category, 'createCategory').createCategory;
    return { productId: product.id, productSlug: product.slug, categoryId, categorySlug };
  },
  fields: [
    {
      field: 'Query.products',
      operation: () => ({
        query:
          'query { products(first: 5, search: "roses", sortBy: PRICE_ASC) { totalCount edges { node { id name price { amount currency } } } facets { colours { value count } } } }',
      }),
      ...EVERYONE,
    },
    {
      field: 'Query.product',
      operation: ({ ids }) => ({ query: 'query($id: ID!) { product(id: $id) { id name stock } }', variables: { id: ids.productId } }),
      ...EVERYONE,
    },
    {
      field: 'Query.productBySlug',
      operation: ({ ids }) => ({ query: 'query($slug: String!) { productBySlug(slug: $slug) { id } }', variables: { slug: ids.productSlug } }),
      ...EVERYONE,
    },
    {
      field: 'Query.categories',
      operation: () => ({ query: 'query { categories { id name children { id } } }' }),
      ...EVERYONE,
    },
    {
      field: 'Query.category',
      operation: ({ ids }) => ({ query: 'query($slug: String) { category(slug: $slug) { id path { id } } }', variables: { slug: ids.categorySlug } }),
      ...EVERYONE,
    },
    {
      field: 'Mutation.createProduct',
      operation: () => ({
        query: 'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
        variables: { input: { name: 'RBAC Tulips', slug: unique('rbac-tulips'), priceMinor: 1200 } },
      }),
      ...STAFF_ONLY,
    },
    {
      field: 'Mutation.updateProduct',
      operation: ({ ids }) => ({
        query: 'mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }',
        variables: { id: ids.productId, input: { description: unique('RBAC description') } },
      }),
      ...STAFF_ONLY,
    },
    {
      // An unknown product (NOT_FOUND for staff, which is 'allowed'), so archiving never hides the fixture product from other tables.
      field: 'Mutation.archiveProduct',
      operation: () => ({ query: 'mutation($id: ID!) { archiveProduct(id: $id) { id } }', variables: { id: '0123456789abcdef01234567' } }),
      ...STAFF_ONLY,
    },
    {
      field: 'Mutation.adjustStock',
      operation: ({ ids }) => ({
        query: 'mutation($productId: ID!, $delta: Int!) { adjustStock(productId: $productId, delta: $delta) { id stock } }',
        variables: { productId: ids.productId, delta: 1 },
      }),
      ...STAFF_ONLY,
    },
    {
      field: 'Mutation.createCategory',
      operation: () => ({
        query: 'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id } }',
        variables: { input: { name: 'RBAC Plants', slug: unique('rbac-plants') } },
      }),
      ...STAFF_ONLY,
    },
  ],
};
