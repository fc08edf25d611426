import type { PrismaClient } from '../../../prisma/orders/client/client';
import type { Order as OrderRow, OrderLine as OrderLineRow } from '../../../prisma/orders/client/client';
import { money } from '../../../runtime/graphql/money';
import type { Order, OrderLine } from '../entities/order';
import type { PlaceOrderInput } from '../inputs/place-order.input';

/** Orders and their lines in the `orders` PostgreSQL schema. */
export class OrderStore {
  constructor(private readonly prisma: PrismaClient) {}

  async findByIds(ids: readonly string[]): Promise<Order[]> {
    const rows = await this.prisma.order.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toOrder);
  }

  async listByUser(userId: string, first: number): Promise<Order[]> {
    const rows = await this.prisma.order.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: first });
    return rows.map(toOrder);
  }

  /** Lines of many orders in one query, with their order's currency and customer. */
  async linesOf(orderIds: readonly string[]): Promise<(OrderLine & { orderId: string })[]> {
    const rows = await this.prisma.orderLine.findMany({
      where: { orderId: { in: [...orderIds] } },
      include: { order: { select: { currency: true, userId: true } } },
      orderBy: { productName: 'asc' },
    });
    return rows.map((row) => toOrderLine(row, row.order));
  }

  /** The order of `userId` and all its lines are written in one statement: all or nothing. */
  async place(userId: string, input: PlaceOrderInput): Promise<Order> {
    const row = await this.prisma.order.create({
      data: {
        userId,
        currency: input.currency,
        subtotalCents: input.lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0),
        lines: {
          create: input.lines.map((line) => ({
            productId: line.productId,
            productName: line.productName.trim(),
            unitPriceCents: line.unitPriceMinor,
            quantity: line.quantity,
          })),
        },
      },
    });
    return toOrder(row);
  }
}

function toOrder(row: OrderRow): Order {
  return {
    id: row.id,
    user: { id: row.userId },
    status: row.status,
    subtotal: money(row.subtotalCents, row.currency),
    createdAt: row.createdAt,
  };
}

function toOrderLine(row: OrderLineRow, { currency, userId }: Pick<OrderRow, 'currency' | 'userId'>): OrderLine & { orderId: string } {
  return {
    id: row.id,
    orderId: row.orderId,
    ownerId: userId,
    product: { id: row.productId },
    productName: row.productName,
    unitPrice: money(row.unitPriceCents, currency),
    quantity: row.quantity,
    lineTotal: money(row.unitPriceCents * row.quantity, currency),
  };
}
