import { randomUUID } from 'node:crypto';
import { Prisma, type OrderLine as OrderLineRow, type PrismaClient } from '../../../prisma/orders/client/client';
import type { OrderStatus } from '../../../prisma/orders/client/enums';
import type { Identity } from '../../../runtime/auth/identity';
import { DomainError, invalidTransition, notFound } from '../../../runtime/errors';
import type { OrderChange } from '../../../runtime/events/contracts';
import { recordEvent } from '../../../runtime/events/outbox';
import { isUniqueViolation } from '../../../runtime/stores/prisma';
import { checkoutExpired } from '../domain/checkout-intent';
import { applyOrderEvent, domainEventContractOf, type OrderEvent } from '../domain/order-events';
import { actorsFor, checkTransition, nextStatusesFor } from '../domain/order-lifecycle';
import type { OrderState, PlacedOrder } from '../domain/order-state';
import type { Order } from '../entities/order';
import { claimIntentForOrder } from './checkout-intents';
import { releaseSlot, reserveSlot } from './delivery-zones';
import { isSlotFull, slotFull } from '../domain/delivery-slot';
import { LINE_ORDER, readModelColumns, stateOfRow, toOrder } from './order-rows';

const MAX_ATTEMPTS = 5;
/** The one row of OrderLogHead. */
const ORDER_LOG_HEAD = 1;

/** What an order's placing transaction wrote besides its row: its line rows and its events, which a reader would load next. */
export interface WrittenOrder {
  lines: OrderLineRow[];
  events: OrderEvent[];
}

/** A concurrent writer moved the order first: the transition is decided again from the new state. */
class StaleOrder extends Error {}

/** What the domain event of an order event carries (`orders.order.*`), for every consumer alike. */
function domainEventData(state: OrderState, event: OrderEvent, position: number): Required<OrderChange> {
  return {
    position,
    orderId: state.id,
    accountId: state.userId,
    status: event.status,
    previousStatus: event.previousStatus,
    sequence: event.sequence,
    occurredAt: event.occurredAt.toISOString(),
    cartId: event.type === 'ORDER_PLACED' ? state.cartId : null,
    productIds: [...new Set(state.lines.map((line) => line.productId))],
    lines: state.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
    receipt: event.type === 'ORDER_PLACED' ? receiptOf(state) : null,
  };
}

function receiptOf(state: OrderState): NonNullable<OrderChange['receipt']> {
  const { currency, subtotalMinor, deliveryFeeMinor, totalMinor, delivery } = state;
  return {
    currency,
    subtotalMinor,
    deliveryFeeMinor,
    totalMinor,
    lines: state.lines.map(({ productId, productName, quantity, unitPriceMinor }) => ({ productId, name: productName, quantity, unitPriceMinor })),
    delivery: delivery ? { date: delivery.date, window: delivery.window, city: delivery.address.city } : null,
  };
}

/**
 * Every change of an order, written as one PostgreSQL transaction: the event appended to the order's log,
 * the read model updated by applying that same event (CQRS), and the domain event put in the outbox (the
 * relay publishes it to RabbitMQ). Either all three happen or none.
 */
export class OrderWriter {
  constructor(
    private readonly prisma: PrismaClient,
    /** Called after each commit, so the outbox relay publishes at once instead of at its next poll. */
    private readonly onCommitted: () => void = () => {},
  ) {}

  /**
   * Places the order `orderId`; `created: false` with the existing order when the customer's idempotency key was used
   * already. With `reserved` (checkout: the stock was reserved under the order's id after its intent was recorded),
   * the transaction also turns that intent PLACED, and writes nothing (CHECKOUT_EXPIRED) if it is no longer open.
   * A delivery with a zone takes its slot's place in the same transaction (DELIVERY_SLOT_FULL, nothing written, if none
   * is left), so a failed or repeated checkout holds no place.
   */
  async place(
    orderId: string,
    placed: PlacedOrder,
    { reserved = false, occurredAt = new Date() }: { reserved?: boolean; occurredAt?: Date } = {},
  ): Promise<{ order: Order; created: boolean; written?: WrittenOrder }> {
    const event: OrderEvent = {
      id: randomUUID(),
      orderId,
      sequence: 1,
      type: 'ORDER_PLACED',
      status: 'PENDING',
      previousStatus: null,
      actorId: placed.userId,
      actorRole: 'CUSTOMER',
      note: null,
      occurredAt,
      payload: placed,
    };
    const state = applyOrderEvent(null, event);
    try {
      const row = await this.prisma.$transaction(async (tx) => {
        // First: its row lock decides the race with a sweeper abandoning the intent.
        if (reserved && !(await claimIntentForOrder(tx, orderId))) throw checkoutExpired();
        const { delivery } = placed;
        if (delivery?.zoneId && !(await reserveSlot(tx, delivery.zoneId, delivery.date, delivery.window))) throw slotFull(delivery.date, delivery.window);
        const created = await tx.order.create({
          data: {
            id: orderId,
            ...readModelColumns(state),
            lines: {
              create: state.lines.map((line) => ({
                productId: line.productId,
                productName: line.productName,
                unitPriceCents: line.unitPriceMinor,
                quantity: line.quantity,
              })),
            },
          },
          // Read back in the order every reader lists them (the database's collation decides the names' order).
          include: { lines: { orderBy: LINE_ORDER } },
        });
        await this.append(tx, state, event);
        return created;
      });
      this.onCommitted();
      return { order: toOrder(row), created: true, written: { lines: row.lines, events: [event] } };
    } catch (error) {
      // The same key may have won meanwhile: by the unique key, or by taking the slot's last place first.
      if (!(isUniqueViolation(error) || isSlotFull(error)) || !placed.idempotencyKey) throw error;
      const existing = await this.prisma.order.findUnique({
        where: { userId_idempotencyKey: { userId: placed.userId, idempotencyKey: placed.idempotencyKey } },
      });
      if (!existing) throw error;
      return { order: toOrder(existing), created: false };
    }
  }

  /**
   * Moves the order to `to` if the lifecycle lets this caller do so now; INVALID_TRANSITION (with what the
   * caller may do) otherwise. Concurrent changes are serialised by the order's version: the loser re-reads
   * and is judged against the new status.
   */
  async transition(orderId: string, to: OrderStatus, caller: Identity, note: string | null): Promise<Order> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.tryTransition(orderId, to, caller, note);
      } catch (error) {
        if (!(error instanceof StaleOrder || isUniqueViolation(error)) || attempt >= MAX_ATTEMPTS) {
          if (error instanceof StaleOrder || isUniqueViolation(error)) throw new DomainError('CONFLICT', 'The order is changing right now; try again');
          throw error;
        }
      }
    }
  }

  private async tryTransition(orderId: string, to: OrderStatus, caller: Identity, note: string | null): Promise<Order> {
    const row = await this.prisma.order.findUnique({ where: { id: orderId }, include: { lines: { orderBy: LINE_ORDER } } });
    if (!row) throw notFound('Order', orderId);
    const state: OrderState = { ...stateOfRow(row), placedAt: row.createdAt, updatedAt: row.updatedAt };
    const actors = actorsFor(caller.roles, row.userId === caller.accountId);
    const check = checkTransition(state.status, to, actors);
    if (!check.allowed) {
      // `allowed` says what this caller may do now.
      throw invalidTransition({
        what: 'Order',
        id: orderId,
        currentStatus: state.status,
        requested: to,
        allowed: nextStatusesFor(state.status, actors),
        field: 'status',
      });
    }
    const event: OrderEvent = {
      id: randomUUID(),
      orderId,
      sequence: state.version + 1,
      type: 'STATUS_CHANGED',
      status: to,
      previousStatus: state.status,
      actorId: caller.accountId,
      actorRole: check.as,
      note,
      occurredAt: new Date(),
      payload: {},
    };
    const next = applyOrderEvent(state, event);
    const updated = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.order.updateMany({
        where: { id: orderId, version: state.version },
        data: { status: next.status, version: next.version, updatedAt: next.updatedAt },
      });
      if (count !== 1) throw new StaleOrder();
      // A cancelled order gives its delivery slot back, in the same transaction as the change.
      if (to === 'CANCELLED' && row.deliveryZone && row.deliveryDate && row.deliveryWindow)
        await releaseSlot(tx, row.deliveryZone, row.deliveryDate, row.deliveryWindow);
      await this.append(tx, next, event);
      return tx.order.findUniqueOrThrow({ where: { id: orderId } });
    });
    this.onCommitted();
    return toOrder(updated);
  }

  /**
   * Appends the event to the log and its domain event to the outbox, in the caller's transaction, as its last
   * writes. The event takes the next position of the log of every order from its head row, whose lock the
   * transaction then holds until it commits: positions have no gaps (a rolled back one is given again) and
   * become visible in their order, so a reader that saw position n has seen every one before it (the staff
   * feed resumes from a position). Taking it last keeps that lock short, and no deadlock: a writer holding it
   * waits for no lock another writer could hold (its order's row is its own by then).
   */
  private async append(tx: Prisma.TransactionClient, state: OrderState, event: OrderEvent): Promise<void> {
    const head = await tx.orderLogHead.update({ where: { id: ORDER_LOG_HEAD }, data: { position: { increment: 1 } } });
    const position = Number(head.position);
    await tx.orderEvent.create({
      data: {
        position: head.position,
        id: event.id,
        orderId: event.orderId,
        sequence: event.sequence,
        type: event.type,
        status: event.status,
        previousStatus: event.previousStatus,
        actorId: event.actorId,
        actorRole: event.actorRole,
        note: event.note,
        payload: event.payload as Prisma.InputJsonObject,
        occurredAt: event.occurredAt,
      },
    });
    await recordEvent(tx.outboxEvent, domainEventContractOf(event), domainEventData(state, event, position));
  }
}
