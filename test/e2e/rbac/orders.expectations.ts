import { createProductAsStaff, dataOf } from './catalog.expectations';
import type { SubgraphExpectations } from './types';

const PLACE = 'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { id } }';

/** Orders are the customer's and staff's to see; customers place their own, and only customers place any. */
export const ordersExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    const product = await createProductAsStaff(call, 'RBAC Order Peonies');
    const input = { currency: 'EUR', lines: [{ productId: product.id, productName: product.name, unitPriceMinor: 2500, quantity: 2 }] };
    const { placeOrder } = dataOf(await call('customer', PLACE, { input }), 'placeOrder');
    return { orderId: placeOrder.id, orderProductId: product.id };
  },
  fields: [
    {
      field: 'Query.order',
      operation: ({ ids }) => ({ query: 'query($id: ID!) { order(id: $id) { id status subtotal { amount } lines { quantity } } }', variables: { id: ids.orderId } }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'FORBIDDEN',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Query.myOrders',
      operation: () => ({ query: 'query { myOrders(first: 5) { id status } }' }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Query.ordersByUser',
      operation: ({ customer }) => ({ query: 'query($userId: ID!) { ordersByUser(userId: $userId) { id } }', variables: { userId: customer.accountId } }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'FORBIDDEN',
      otherCustomer: 'FORBIDDEN',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Mutation.placeOrder',
      operation: ({ ids }) => ({
        query: PLACE,
        variables: { input: { lines: [{ productId: ids.orderProductId, productName: 'RBAC Order Peonies', unitPriceMinor: 2500, quantity: 1 }] } },
      }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'FORBIDDEN',
      admin: 'FORBIDDEN',
    },
  ],
};
