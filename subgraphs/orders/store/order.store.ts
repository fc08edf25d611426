import type { OrderLine as OrderLineRow, Prisma, PrismaClient } from '../../../prisma/orders/client/client';
import type { OrderStatus } from '../../../prisma/orders/client/enums';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../runtime/graphql/cursor';
import type { OrderLogPoint } from '../../../runtime/graphql/order-log-cursor';
import { replayOrder, type OrderEvent } from '../domain/order-events';
import type { OrderState } from '../domain/order-state';
import type { Order } from '../entities/order';
import { LINE_ORDER, stateOfRow, toOrder, toOrderEvent } from './order-rows';

/** Which orders a listing shows; every field narrows it. */
export interface OrderListFilter {
  userId?: string;
  statuses?: OrderStatus[];
  placedFrom?: Date;
  placedBefore?: Date;
}

export interface OrderPage {
  orders: Array<{ order: Order; cursor: string }>;
  hasNextPage: boolean;
  totalCount: number;
}

interface Position {
  createdAt: string;
  id: string;
}

/** An entry of an order's log with where it sits in the log of every order (null: appended by an earlier release). */
export type LoggedOrderEvent = OrderEvent & { position: number | null; ownerId: string };

const ORDER_LOG_HEAD = 1;

const decodePosition = (cursor: string): Position => {
  const position = decodeCursor(cursor) as Partial<Position> | null;
  if (typeof position?.createdAt !== 'string' || typeof position.id !== 'string' || Number.isNaN(Date.parse(position.createdAt))) throw invalidCursor();
  return position as Position;
};

/** Reads of the orders read model and of the event log (writes go through OrderWriter). */
export class OrderStore {
  constructor(private readonly prisma: PrismaClient) {}

  async findByIds(ids: readonly string[]): Promise<Order[]> {
    const rows = await this.prisma.order.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toOrder);
  }

  async findByIdempotencyKey(userId: string, idempotencyKey: string): Promise<Order | null> {
    const row = await this.prisma.order.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });
    return row ? toOrder(row) : null;
  }

  /** A page of orders, newest first, resuming after `after` (a cursor of this listing). */
  async page(filter: OrderListFilter, first: number, after: string | null): Promise<OrderPage> {
    const where: Prisma.OrderWhereInput = {
      userId: filter.userId,
      status: filter.statuses?.length ? { in: filter.statuses } : undefined,
      createdAt: filter.placedFrom || filter.placedBefore ? { gte: filter.placedFrom, lt: filter.placedBefore } : undefined,
    };
    const resume: Prisma.OrderWhereInput | undefined = after
      ? (() => {
          const position = decodePosition(after);
          const createdAt = new Date(position.createdAt);
          return { OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: position.id } }] };
        })()
      : undefined;
    const [rows, totalCount] = await Promise.all([
      this.prisma.order.findMany({ where: resume ? { AND: [where, resume] } : where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: first + 1 }),
      this.prisma.order.count({ where }),
    ]);
    return {
      orders: rows.slice(0, first).map((row) => ({ order: toOrder(row), cursor: encodeCursor({ createdAt: row.createdAt.toISOString(), id: row.id }) })),
      hasNextPage: rows.length > first,
      totalCount,
    };
  }

  /** The line rows of many orders in one query (their order's currency and customer are the order's: see toOrderLine). */
  linesOf(orderIds: readonly string[]): Promise<OrderLineRow[]> {
    return this.prisma.orderLine.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: LINE_ORDER });
  }

  /** The event logs of many orders in one query, each oldest first. */
  async eventsOf(orderIds: readonly string[]): Promise<OrderEvent[]> {
    const rows = await this.prisma.orderEvent.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: [{ orderId: 'asc' }, { sequence: 'asc' }] });
    return rows.map(toOrderEvent);
  }

  /** An order's entries after `afterSequence`, oldest first, at most `limit`; null for an unknown order. */
  async eventsAfterSequence(orderId: string, afterSequence: number, limit: number): Promise<{ version: number; events: LoggedOrderEvent[] } | null> {
    const order = await this.prisma.order.findUnique({ where: { id: orderId }, select: { version: true, userId: true } });
    if (!order) return null;
    const rows = await this.prisma.orderEvent.findMany({ where: { orderId, sequence: { gt: afterSequence } }, orderBy: { sequence: 'asc' }, take: limit });
    return { version: order.version, events: rows.map((row) => ({ ...toOrderEvent(row), position: positionOf(row.position), ownerId: order.userId })) };
  }

  /**
   * The position a point of the log stands for (null: no such event, or one without a position), and the log's
   * head. A position is checked against the head: one beyond it was never given.
   */
  async resolve(point: OrderLogPoint): Promise<{ position: number | null; head: number }> {
    const head = Number((await this.prisma.orderLogHead.findUniqueOrThrow({ where: { id: ORDER_LOG_HEAD } })).position);
    if ('position' in point) return { position: point.position <= head ? point.position : null, head };
    const row = await this.prisma.orderEvent.findUnique({
      where: { orderId_sequence: { orderId: point.orderId, sequence: point.sequence } },
      select: { position: true },
    });
    return { position: positionOf(row?.position ?? null), head };
  }

  /**
   * Entries of every order after `position`, in position order, at most `limit`. Positions become visible in
   * their order (OrderWriter), so none before the last one read can appear later.
   */
  async eventsAfterPosition(position: number, limit: number): Promise<LoggedOrderEvent[]> {
    const rows = await this.prisma.orderEvent.findMany({
      where: { position: { gt: BigInt(position) } },
      orderBy: { position: 'asc' },
      take: limit,
      include: { order: { select: { userId: true } } },
    });
    return rows.map((row) => ({ ...toOrderEvent(row), position: positionOf(row.position), ownerId: row.order.userId }));
  }

  /** The order rebuilt from its events alone (event sourcing), next to what the read model holds. */
  async replayAndReadModel(orderId: string): Promise<{ replayed: OrderState | null; readModel: ReturnType<typeof stateOfRow> | null }> {
    const [events, row] = await Promise.all([
      this.eventsOf([orderId]),
      this.prisma.order.findUnique({ where: { id: orderId }, include: { lines: { orderBy: LINE_ORDER } } }),
    ]);
    return { replayed: replayOrder(events), readModel: row ? stateOfRow(row) : null };
  }

  /**
   * How many orders are in each status now and what they are worth (their totals, minor units), per currency: the
   * business figures of the metrics port. One aggregate over the orders table (a small table for a flower shop; run
   * once per scrape).
   */
  async totalsByStatus(): Promise<Array<{ status: OrderStatus; currency: string; orders: number; valueMinor: number }>> {
    const rows = await this.prisma.$queryRaw<Array<{ status: OrderStatus; currency: string; orders: number; value: bigint }>>`
      SELECT status::text AS status, currency, count(*)::int AS orders, coalesce(sum(total_cents), 0)::bigint AS value
      FROM "orders"."orders" GROUP BY status, currency`;
    return rows.map((row) => ({ status: row.status, currency: row.currency, orders: row.orders, valueMinor: Number(row.value) }));
  }
}

const positionOf = (position: bigint | null): number | null => (position === null ? null : Number(position));
