import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../runtime/errors';
import type { Logger } from '../../../runtime/logger';
import { isUnavailable, type OnBehalfOf } from '../../../runtime/subgraph/subgraph-client';
import { GraphQLError } from 'graphql';
import type { CartClient, CartToCheckOut } from '../clients/cart.client';
import type { CatalogClient, CatalogProduct } from '../clients/catalog.client';
import type { UsersClient } from '../clients/users.client';
import { priceOrder } from '../domain/order-pricing';
import type { OrderLineSnapshot, PlacedOrder } from '../domain/order-state';
import type { Order } from '../entities/order';
import type { CheckoutInput } from '../inputs/checkout.input';
import type { OrderStore } from '../store/order.store';
import type { OrderWriter } from '../store/order-writer';

export interface CheckoutDependencies {
  orders: OrderStore;
  writer: OrderWriter;
  cart: CartClient;
  catalog: CatalogClient;
  users: UsersClient;
}

/**
 * Turns the customer's cart into an order. The order is built only from what the services that own the
 * facts say now: lines from the cart, names and prices from the catalog, the address from the users'
 * address book. Stock is reserved in the catalog under the new order's id before the order is written;
 * if writing fails, or a concurrent request with the same idempotency key won, the reservation is given back.
 */
export class CheckoutService {
  constructor(private readonly deps: CheckoutDependencies) {}

  async checkout(customerId: string, caller: OnBehalfOf, input: CheckoutInput, logger: Logger): Promise<Order> {
    const repeated = await this.deps.orders.findByIdempotencyKey(customerId, input.idempotencyKey);
    if (repeated) return repeated;

    const cart = await this.deps.cart.cartOf(caller, input.cartId ?? null);
    if (!cart || cart.lines.length === 0) throw new DomainError('EMPTY_CART', 'There is nothing in the cart to check out', { field: 'cartId' });
    const address = await this.deps.users.addressOf(caller, input.addressId);
    if (!address) throw new DomainError('NOT_FOUND', `Address ${input.addressId} is not one of yours`, { field: 'addressId', id: input.addressId });
    const lines = snapshotLines(cart, await this.deps.catalog.products(caller, cart.lines.map((line) => line.productId)));
    const placed: PlacedOrder = {
      userId: customerId,
      currency: lines[0].currency,
      ...priceOrder(lines),
      idempotencyKey: input.idempotencyKey,
      cartId: cart.id,
      delivery: { date: input.deliveryDate, window: input.deliveryWindow, address },
      giftMessage: input.giftMessage?.trim() ?? null,
      lines: lines.map(({ currency: _currency, ...line }) => line),
    };

    const orderId = randomUUID();
    try {
      await this.deps.catalog.reserve(caller, orderId, placed.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })));
    } catch (error) {
      // A refusal (OUT_OF_STOCK…) holds nothing: the catalog rolled the lines back. Without an answer the stock may be
      // held all the same: give back whatever this id holds (ids are single-use, so a reserve still running rolls back).
      if (!(error instanceof GraphQLError) || isUnavailable(error)) await this.giveBack(caller, orderId, logger);
      throw error;
    }
    let result: { order: Order; created: boolean };
    try {
      result = await this.deps.writer.place(orderId, placed);
    } catch (error) {
      await this.giveBack(caller, orderId, logger);
      throw error;
    }
    if (!result.created) await this.giveBack(caller, orderId, logger); // the same key won meanwhile: its order stands
    return result.order;
  }

  /** Releases a reservation no order was written for; a failure is logged (the stock stays taken until released by hand). */
  private async giveBack(caller: OnBehalfOf, reservationId: string, logger: Logger): Promise<void> {
    await this.deps.catalog.release(caller, reservationId).catch((error: unknown) => {
      logger.error({ err: error, reservationId }, 'could not release the stock of a checkout that wrote no order');
    });
  }
}

/** The order lines from the cart's quantities and the catalog's current names and prices, in a stable order. */
function snapshotLines(cart: CartToCheckOut, products: CatalogProduct[]): Array<OrderLineSnapshot & { currency: string }> {
  const byId = new Map(products.map((product) => [product.id, product]));
  const lines = cart.lines.map((line) => {
    const product = byId.get(line.productId);
    if (!product || !product.active) {
      throw new DomainError('PRODUCT_UNAVAILABLE', `A product in the cart is no longer sold; remove it to check out`, { field: 'cartId', productId: line.productId });
    }
    return { productId: product.id, productName: product.name, unitPriceMinor: product.price.amountMinor, quantity: line.quantity, currency: product.price.currency };
  });
  if (new Set(lines.map((line) => line.currency)).size > 1) {
    throw new DomainError('BAD_USER_INPUT', 'The cart mixes currencies; an order is paid in one', { field: 'cartId' });
  }
  return lines.sort((a, b) => a.productName.localeCompare(b.productName) || a.productId.localeCompare(b.productId));
}
