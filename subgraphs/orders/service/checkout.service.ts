import { randomUUID } from 'node:crypto';
import { DomainError } from '../../../runtime/errors';
import type { Logger } from '../../../runtime/logger';
import { stillAwaited } from '../../../runtime/subgraph/answer-deadline';
import { isUnavailable, type OnBehalfOf } from '../../../runtime/subgraph/subgraph-client';
import { GraphQLError } from 'graphql';
import type { CartClient, CartToCheckOut } from '../clients/cart.client';
import type { CatalogClient, CatalogProduct } from '../clients/catalog.client';
import type { UsersClient } from '../clients/users.client';
import { checkoutExpired, type CheckoutIntentState } from '../domain/checkout-intent';
import { priceOrder } from '../domain/order-pricing';
import type { OrderLineSnapshot, PlacedOrder } from '../domain/order-state';
import type { Order } from '../entities/order';
import type { CheckoutRequest } from '../inputs/checkout.input';
import type { CheckoutIntents } from '../store/checkout-intents';
import type { OrderStore } from '../store/order.store';
import type { OrderWriter, WrittenOrder } from '../store/order-writer';
import type { DeliveryService } from './delivery.service';
import { noReservationMetrics, type ReservationMetrics } from './reservation-metrics';
import { slotFull } from '../domain/delivery-slot';

/**
 * What a checkout keeps of its caller's wait for the order's write and the answer's way back: one that reaches its
 * write later than this before its caller stops waiting gives up instead (CHECKOUT_EXPIRED, the stock given back).
 */
const WRITE_MARGIN_MS = 1_000;

/** The checkout's order; with what its transaction wrote when this call placed it (not a repeat's earlier order). */
export interface CheckedOut {
  order: Order;
  written?: WrittenOrder;
}

export interface CheckoutDependencies {
  orders: OrderStore;
  writer: Pick<OrderWriter, 'place'>;
  intents: CheckoutIntents;
  cart: CartClient;
  catalog: CatalogClient;
  users: UsersClient;
  /** The shop's zones, fees, cut-offs and slot capacity. */
  delivery: DeliveryService;
  metrics?: ReservationMetrics;
  /** When the sweeper takes again an intent this service abandoned but could not release (its first retry). */
  releaseRetrySeconds: number;
}

/**
 * Turns the customer's cart into an order. The order is built only from what the services that own the
 * facts say now: lines from the cart, names and prices from the catalog, the address from the users'
 * address book. Stock is reserved in the catalog under the new order's id, after an intent to place that order
 * was committed (store/checkout-intents.ts): the order's own transaction turns the intent PLACED only while it is
 * open, and a checkout that fails gives the intent up and releases the stock at once; whatever it could not release
 * (the catalog did not answer, the process died) the sweeper releases once the intent is due.
 * The delivery slot is judged first (cut-off in the shop's time zone, the address's comuna served, a place left) and
 * taken in the order's own transaction: a checkout that writes no order holds none, so there is nothing to give back.
 * A checkout whose caller would stop waiting before the order is written gives up before writing it (WRITE_MARGIN_MS).
 */
export class CheckoutService {
  private readonly metrics: ReservationMetrics;

  constructor(private readonly deps: CheckoutDependencies) {
    this.metrics = deps.metrics ?? noReservationMetrics;
  }

  async checkout(customerId: string, caller: OnBehalfOf, input: CheckoutRequest, logger: Logger): Promise<CheckedOut> {
    const repeated = await this.deps.orders.findByIdempotencyKey(customerId, input.idempotencyKey);
    if (repeated) return { order: repeated };
    this.deps.delivery.checkBookable(input.deliveryDate, input.deliveryWindow, input.deliveryDateField);

    const cart = await this.deps.cart.cartOf(caller, input.cartId ?? null);
    if (!cart || cart.lines.length === 0) throw new DomainError('EMPTY_CART', 'There is nothing in the cart to check out', { field: 'cartId' });
    const address = await this.deps.users.addressOf(caller, input.addressId);
    if (!address) throw new DomainError('NOT_FOUND', `Address ${input.addressId} is not one of yours`, { field: 'addressId', id: input.addressId });
    // In Chile an address's city is its comuna, which decides the zone.
    const zone = await this.deps.delivery.zoneFor(address.city);
    // Before stock is reserved; the order's transaction decides for good.
    if ((await this.deps.delivery.remaining(zone, input.deliveryDate, input.deliveryWindow)) === 0) {
      // The last place may be this very checkout's, taken by a repeat of it that won meanwhile.
      const placedMeanwhile = await this.deps.orders.findByIdempotencyKey(customerId, input.idempotencyKey);
      if (placedMeanwhile) return { order: placedMeanwhile };
      throw slotFull(input.deliveryDate, input.deliveryWindow);
    }
    const lines = snapshotLines(
      cart,
      await this.deps.catalog.products(
        caller,
        cart.lines.map((line) => line.productId),
      ),
    );
    const placed: PlacedOrder = {
      userId: customerId,
      currency: lines[0].currency,
      ...priceOrder(lines, zone.feeCents),
      idempotencyKey: input.idempotencyKey,
      cartId: cart.id,
      delivery: { date: input.deliveryDate, window: input.deliveryWindow, address, zoneId: zone.id },
      giftMessage: input.giftMessage?.trim() ?? null,
      lines: lines.map(({ currency: _currency, ...line }) => line),
    };

    const orderId = randomUUID();
    await this.deps.intents.open(orderId, placed); // committed before the catalog hears of the id
    try {
      await this.deps.catalog.reserve(
        caller,
        orderId,
        placed.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
      );
    } catch (error) {
      if (error instanceof GraphQLError && !isUnavailable(error)) {
        // A refusal (OUT_OF_STOCK…) holds nothing: the catalog rolled the lines back.
        await this.deps.intents
          .markNothingReserved(orderId)
          .catch((failure: unknown) =>
            logger.warn({ err: failure, reservationId: orderId }, 'could not close the intent of a refused reservation; the sweeper will'),
          );
      } else {
        // Without an answer the stock may be held all the same: give back whatever this id holds (ids are single-use,
        // so a reserve still running rolls back). A reserve that had not written anything yet when the release came
        // would not see it, so the intent stays ABANDONED until its deadline, when the sweeper releases it once more.
        await this.giveBack(caller, orderId, logger, { confirmAtDeadline: true });
      }
      throw error;
    }
    if (!stillAwaited(caller.answerBy, WRITE_MARGIN_MS)) {
      // The caller (the router) stops waiting before this order could be written and answered: it would be told the
      // checkout failed while an order stood. Give the stock back while nothing is written, and say so.
      await this.giveBack(caller, orderId, logger, { confirmAtDeadline: false });
      throw checkoutExpired();
    }
    let result: { order: Order; created: boolean; written?: WrittenOrder };
    try {
      result = await this.deps.writer.place(orderId, placed, { reserved: true });
    } catch (error) {
      const state = await this.giveBack(caller, orderId, logger, { confirmAtDeadline: false });
      // The write failed for us but committed (a lost answer from the database): the order stands with its stock.
      if (state === 'PLACED') {
        const [order] = await this.deps.orders.findByIds([orderId]);
        if (order) return { order };
      }
      throw error;
    }
    if (!result.created) {
      await this.giveBack(caller, orderId, logger, { confirmAtDeadline: false }); // the same key won meanwhile: its order stands
      return { order: result.order };
    }
    return { order: result.order, written: result.written };
  }

  /**
   * Gives up the intent of a checkout that wrote no order and, if this call is what closed it to orders, releases its
   * stock at once (marking it RELEASED once the catalog confirmed, unless `confirmAtDeadline`). A release that fails
   * is left to the sweeper. Resolves with the intent's state afterwards (PLACED: an order claimed it first; keep it).
   */
  private async giveBack(
    caller: OnBehalfOf,
    reservationId: string,
    logger: Logger,
    { confirmAtDeadline }: { confirmAtDeadline: boolean },
  ): Promise<CheckoutIntentState | null> {
    let outcome: { abandoned: boolean; state: CheckoutIntentState | null };
    try {
      outcome = await this.deps.intents.abandon(reservationId, confirmAtDeadline ? null : this.deps.releaseRetrySeconds);
    } catch (error) {
      // Still OPEN as far as anyone knows: an order may yet claim it, so no release; the sweeper takes it at its deadline.
      logger.warn({ err: error, reservationId }, 'could not give up the intent of a checkout that wrote no order; the sweeper will release its stock');
      return null;
    }
    if (!outcome.abandoned) return outcome.state; // placed, or abandoned and released by the sweeper already
    try {
      await this.deps.catalog.release(caller, reservationId);
      this.metrics.release('checkout', 'released');
    } catch (error) {
      this.metrics.release('checkout', 'failed');
      logger.warn({ err: error, reservationId }, 'could not release the stock of a checkout that wrote no order; the sweeper will retry');
      return outcome.state;
    }
    if (confirmAtDeadline) return outcome.state;
    await this.deps.intents
      .markReleased(reservationId)
      .catch((error: unknown) => logger.warn({ err: error, reservationId }, 'could not mark a released intent; the sweeper will release it again'));
    return 'RELEASED';
  }
}

/** The order lines from the cart's quantities and the catalog's current names and prices, in a stable order. */
function snapshotLines(cart: CartToCheckOut, products: CatalogProduct[]): Array<OrderLineSnapshot & { currency: string }> {
  const byId = new Map(products.map((product) => [product.id, product]));
  const lines = cart.lines.map((line) => {
    const product = byId.get(line.productId);
    if (!product || !product.active) {
      throw new DomainError('PRODUCT_UNAVAILABLE', `A product in the cart is no longer sold; remove it to check out`, {
        field: 'cartId',
        productId: line.productId,
      });
    }
    return {
      productId: product.id,
      productName: product.name,
      unitPriceMinor: product.price.amountMinor,
      quantity: line.quantity,
      currency: product.price.currency,
    };
  });
  if (new Set(lines.map((line) => line.currency)).size > 1) {
    throw new DomainError('BAD_USER_INPUT', 'The cart mixes currencies; an order is paid in one', { field: 'cartId' });
  }
  return lines.sort((a, b) => a.productName.localeCompare(b.productName) || a.productId.localeCompare(b.productId));
}
