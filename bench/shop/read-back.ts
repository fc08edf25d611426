import { setTimeout as sleep } from 'node:timers/promises';
import { graphql } from '../../test/support/graphql';
import { inBatches } from '../shared/batches';
import type { OrderRead } from './ledger-checks';
import { shopOperations, type ShopOperation } from './operations';
import type { ShopperIdentity } from './shoppers';

/** The data of an operation, asked again (up to 5 times, a second apart) while the shop is still too busy to answer. */
async function dataOf(url: string, operation: ShopOperation | string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<any> {
  const query = typeof operation === 'string' ? operation : operation.text;
  let last = '';
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      const { data, errors, status } = await graphql(url, query, variables, headers);
      if (status === 200 && data && !errors?.length) return data;
      last = `HTTP ${status} ${JSON.stringify(errors)}`;
    } catch (error) {
      last = String(error);
    }
    await sleep(1_000);
  }
  throw new Error(`could not read back (${typeof operation === 'string' ? 'stock' : operation.name}): ${last}`);
}

/**
 * Every product's stock, asked of the catalog subgraph itself as staff: the stock of record, not an answer a
 * cache could have kept.
 */
export async function readStock(catalogUrl: string, staff: Record<string, string>): Promise<Map<string, number>> {
  const stock = new Map<string, number>();
  let after: string | null = null;
  do {
    const data = await dataOf(
      catalogUrl,
      'query($after: String) { products(first: 100, after: $after) { edges { node { id stock } } pageInfo { hasNextPage endCursor } } }',
      { after },
      staff,
    );
    for (const { node } of data.products.edges as Array<{ node: { id: string; stock: number } }>) stock.set(node.id, node.stock);
    after = data.products.pageInfo.hasNextPage ? data.products.pageInfo.endCursor : null;
  } while (after);
  return stock;
}

/** One shopper's orders, read through the router as that shopper with the apps' MyOrders and Order operations. */
async function ordersOf(routerUrl: string, shopper: ShopperIdentity): Promise<OrderRead[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const data = await dataOf(routerUrl, shopOperations.myOrders, { first: 50, after }, shopper.headers);
    ids.push(...(data.myOrders.edges as Array<{ node: { id: string } }>).map((edge) => edge.node.id));
    after = data.myOrders.pageInfo.hasNextPage ? data.myOrders.pageInfo.endCursor : null;
  } while (after);
  return Promise.all(
    ids.map(async (id) => {
      const { order } = await dataOf(routerUrl, shopOperations.order, { id }, shopper.headers);
      const lines = (order.lines as Array<{ quantity: number; currentProduct: { id: string } }>).map((line) => ({
        productId: line.currentProduct.id,
        quantity: line.quantity,
      }));
      return { id, status: order.status as string, lines };
    }),
  );
}

/** Every order of these shoppers (acknowledged or not: a checkout whose answer was lost may have placed one). */
export async function readOrders(routerUrl: string, shoppers: ShopperIdentity[]): Promise<Map<string, OrderRead>> {
  const orders = (await inBatches(shoppers, 8, (shopper) => ordersOf(routerUrl, shopper))).flat();
  return new Map(orders.map((order) => [order.id, order]));
}
