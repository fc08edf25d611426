import { createHash } from 'node:crypto';
import type { PrismaClient } from '../../prisma/orders/client/client';
import type { ProductStore } from '../../subgraphs/catalog/store/product.store';
import type { OrderStatus } from '../../prisma/orders/client/enums';
import { orderDelivered } from '../../runtime/events/contracts';
import { priceOrder } from '../../subgraphs/orders/domain/order-pricing';
import type { PlacedOrder } from '../../subgraphs/orders/domain/order-state';
import { OrderWriter } from '../../subgraphs/orders/store/order-writer';
import type { PurchaseStore } from '../../subgraphs/reviews/store/purchase.store';
import { seedOrders, type SeedOrder } from './people-data';
import type { SeedCounts } from './seed-catalog';

/** A UUID (RFC 9562 version 8: custom) derived from a name, so the same seeded thing gets the same id every run. */
export function seedUuid(name: string): string {
  const bytes = createHash('sha256').update(`flores-victoria seed: ${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const seedOrderId = (order: Pick<SeedOrder, 'key'>) => seedUuid(order.key);

/** The steps from PENDING to each status a seeded order ends in. */
const PATHS: Record<OrderStatus, OrderStatus[]> = {
  PENDING: [],
  CONFIRMED: ['CONFIRMED'],
  PREPARING: ['CONFIRMED', 'PREPARING'],
  OUT_FOR_DELIVERY: ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY'],
  DELIVERED: ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED'],
  CANCELLED: ['CANCELLED'],
};

/** The shop's own hand in the demo history (no account signs in as it). */
const SEED_STAFF = { accountId: seedUuid('seed staff'), roles: ['STAFF' as const] };

/**
 * Adds the demo orders in their statuses, the way the shop makes them: placed (event, read model and outbox
 * event in one transaction) and moved along the lifecycle by staff, so each has a real timeline. The id
 * derived from the order's key is what makes a second run add nothing. Lines copy the seeded product names
 * and prices, as checkout does. The products of DELIVERED orders are also recorded as purchases in the
 * reviews store directly (the `orders.order.delivered` event does it too once services run), so their
 * reviews show as verified.
 */
export async function seedOrdersOfCustomers(
  providers: { orders: PrismaClient; products: ProductStore; purchases: PurchaseStore },
  accountIds: ReadonlyMap<string, string>,
): Promise<SeedCounts> {
  const counts: SeedCounts = { created: 0, existing: 0 };
  const writer = new OrderWriter(providers.orders);
  for (const seed of seedOrders()) {
    const id = seedOrderId(seed);
    const userId = accountIds.get(seed.customerEmail)!;
    const lines = [];
    for (const line of seed.lines) {
      const product = await providers.products.findBySlug(line.productSlug);
      if (!product) throw new Error(`Seeded product ${line.productSlug} is missing: seed the catalog first`);
      lines.push({ productId: product.id, productName: line.productName, unitPriceMinor: line.unitPriceMinor, quantity: line.quantity });
    }
    if (await providers.orders.order.findUnique({ where: { id }, select: { id: true } })) {
      counts.existing += 1;
    } else {
      const placed: PlacedOrder = {
        userId,
        currency: 'EUR',
        ...priceOrder(lines),
        idempotencyKey: `seed-${seed.key}`,
        cartId: null,
        delivery: {
          date: new Date(Date.now() + 2 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10),
          window: 'AFTERNOON',
          address: seedAddress(seed.customerEmail),
        },
        giftMessage: null,
        lines,
      };
      const { created } = await writer.place(id, placed);
      if (created) {
        for (const status of PATHS[seed.status]) await writer.transition(id, status, SEED_STAFF, null);
        counts.created += 1;
      } else counts.existing += 1;
    }
    if (seed.status === 'DELIVERED') {
      await providers.purchases.recordDelivered(
        seedUuid(`${seed.key} delivered`),
        orderDelivered.type,
        id,
        userId,
        lines.map((line) => line.productId),
      );
    }
  }
  return counts;
}

const seedAddress = (email: string) => ({
  recipient: email.split('@')[0].replace(/^./, (first) => first.toUpperCase()),
  line1: 'Avenida Providencia 1234',
  line2: null,
  city: 'Santiago',
  postalCode: '7500000',
  country: 'CL',
  phone: null,
  instructions: null,
});
