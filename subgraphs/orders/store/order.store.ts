import type { Prisma, PrismaClient } from '../../../prisma/orders/client/client';
import type { OrderStatus } from '../../../prisma/orders/client/enums';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../runtime/graphql/cursor';
import { replayOrder, type OrderEvent } from '../domain/order-events';
import type { OrderState } from '../domain/order-state';
import type { Order, OrderLine } from '../entities/order';
import { stateOfRow, toOrder, toOrderEvent, toOrderLine } from './order-rows';

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

  /** Lines of many orders in one query, with their order's currency and customer. */
  async linesOf(orderIds: readonly string[]): Promise<(OrderLine & { orderId: string })[]> {
    const rows = await this.prisma.orderLine.findMany({
      where: { orderId: { in: [...orderIds] } },
      include: { order: { select: { currency: true, userId: true } } },
      orderBy: [{ productName: 'asc' }, { productId: 'asc' }],
    });
    return rows.map((row) => toOrderLine(row, row.order));
  }

  /** The event logs of many orders in one query, each oldest first. */
  async eventsOf(orderIds: readonly string[]): Promise<OrderEvent[]> {
    const rows = await this.prisma.orderEvent.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: [{ orderId: 'asc' }, { sequence: 'asc' }] });
    return rows.map(toOrderEvent);
  }

  /** The order rebuilt from its events alone (event sourcing), next to what the read model holds. */
  async replayAndReadModel(orderId: string): Promise<{ replayed: OrderState | null; readModel: ReturnType<typeof stateOfRow> | null }> {
    const [events, row] = await Promise.all([
      this.eventsOf([orderId]),
      this.prisma.order.findUnique({ where: { id: orderId }, include: { lines: { orderBy: [{ productName: 'asc' }, { productId: 'asc' }] } } }),
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
