import { eventOf, ORDER_STATUS_CHANGED, type ChangedStatus, type OrderStatusName } from '../../runtime/events/contracts';
import { createEventPublisher, type EventPublisher } from '../../runtime/events/publisher';
import { createLogger } from '../../runtime/logger';
import { addShopAddress, cancelOrder, changeOrderStatus, checkoutCart, createShopProduct, type ShopCustomer } from './shop';
import { testEnv } from './test-env';

/** An order made through the real checkout, for the live-update tests and the benchmark. */
export interface TestOrder {
  id: string;
  /** The order's customer. */
  accountId: string;
  productIds: string[];
  status: string;
}

/** A product in the real catalog (plenty of stock), so order lines resolve `product { name }` through the router. */
export const createTestProduct = (routerUrl: string, name: string): Promise<string> => createShopProduct(routerUrl, name, 100_000);

/** Checks out one unit of each product for this customer through the router (an address is added for it). */
export async function placeTestOrder(
  routerUrl: string,
  customer: { accountId: string; headers: Record<string, string> },
  productIds: string[],
): Promise<TestOrder> {
  const shopper: ShopCustomer = { ...customer, addressId: await addShopAddress(routerUrl, customer.headers) };
  const { orderId } = await checkoutCart(
    routerUrl,
    shopper,
    productIds.map((productId) => [productId, 1]),
  );
  return { id: orderId, accountId: customer.accountId, productIds, status: 'PENDING' };
}

/**
 * Changes orders the way staff do, through the router (`changeOrderStatus`); the orders service then
 * publishes `orders.order.<status>` through its outbox. `forge` publishes an event the orders service never
 * wrote (as a misrouted or forged message would be), to test that subscribers are still checked per event.
 */
export class OrderStatusChanger {
  private publisher: EventPublisher | null = null;

  constructor(private readonly routerUrl: string) {}

  async change(order: TestOrder, status: string): Promise<void> {
    await changeOrderStatus(this.routerUrl, order.id, status);
    order.status = status;
  }

  async cancelAsCustomer(order: TestOrder, headers: Record<string, string>): Promise<void> {
    await cancelOrder(this.routerUrl, order.id, headers);
    order.status = 'CANCELLED';
  }

  async forge(order: TestOrder, data: { accountId: string; status: ChangedStatus }): Promise<void> {
    this.publisher ??= createEventPublisher({ url: testEnv.RABBITMQ_URL, logger: createLogger('test-orders', 'silent') });
    const contract = ORDER_STATUS_CHANGED[data.status];
    const event = {
      orderId: order.id,
      accountId: data.accountId,
      status: data.status,
      previousStatus: order.status as OrderStatusName,
      sequence: 99,
      cartId: null,
      productIds: order.productIds,
      lines: [],
    };
    await this.publisher.publish(eventOf(contract, event));
  }

  async close(): Promise<void> {
    await this.publisher?.close();
  }
}

/** What a subscriber to an order's changes must see: each step once, in order, with the step's own facts. */
export const statusChangesOf = (orderId: string, steps: string[], previous: string | null, firstSequence: number) =>
  steps.map((status, index) => ({ orderId, status, previousStatus: index === 0 ? previous : steps[index - 1], sequence: firstSequence + index }));
