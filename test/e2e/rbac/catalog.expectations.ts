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

/** The shop window: anyone browses it; only staff and admins add to it. */
export const catalogExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    const product = await createProductAsStaff(call);
    return { productId: product.id, productSlug: product.slug };
  },
  fields: [
    {
      field: 'Query.products',
      operation: () => ({ query: 'query { products(first: 5) { id name price { amount currency } } }' }),
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
      field: 'Mutation.createProduct',
      operation: () => ({
        query: 'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
        variables: { input: { name: 'RBAC Tulips', slug: unique('rbac-tulips'), priceMinor: 1200 } },
      }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'FORBIDDEN',
      otherCustomer: 'FORBIDDEN',
      staff: 'allowed',
      admin: 'allowed',
    },
  ],
};
