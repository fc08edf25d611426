import { createHash } from 'node:crypto';
import { Prisma, type PrismaClient } from '../../prisma/orders/client/client';
import type { ProductStore } from '../../subgraphs/catalog/store/product.store';
import { validatePlaceOrder } from '../../subgraphs/orders/inputs/place-order.input';
import type { PurchaseStore } from '../../subgraphs/reviews/store/purchase.store';
import { seedOrders, type SeedOrder } from './people-data';
import type { SeedCounts } from './seed-catalog';

const UNIQUE_VIOLATION = 'P2002';
const ORDER_DELIVERED = 'orders.order.delivered';

/** A UUID (RFC 9562 version 8: custom) derived from a name, so the same seeded thing gets the same id every run. */
export function seedUuid(name: string): string {
  const bytes = createHash('sha256').update(`flores-victoria seed: ${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const seedOrderId = (order: Pick<SeedOrder, 'key'>) => seedUuid(order.key);

/**
 * Adds the demo orders in their statuses. Written with the orders Prisma client rather than OrderStore.place,
 * which neither takes an id nor a status: the id derived from the order's key is what makes a second run add
 * nothing. Lines copy the seeded product names and prices, as placing an order does. The products of
 * DELIVERED orders are recorded as purchases in the reviews store (what `orders.order.delivered` would
 * do), so their reviews show as verified.
 */
export async function seedOrdersOfCustomers(
  stores: { orders: PrismaClient; products: ProductStore; purchases: PurchaseStore },
  accountIds: ReadonlyMap<string, string>,
): Promise<SeedCounts> {
  const counts: SeedCounts = { created: 0, existing: 0 };
  for (const seed of seedOrders()) {
    const id = seedOrderId(seed);
    const userId = accountIds.get(seed.customerEmail)!;
    const lines = [];
    for (const line of seed.lines) {
      const product = await stores.products.findBySlug(line.productSlug);
      if (!product) throw new Error(`Seeded product ${line.productSlug} is missing: seed the catalog first`);
      lines.push({ productId: product.id, productName: line.productName, unitPriceMinor: line.unitPriceMinor, quantity: line.quantity });
    }
    const input = { currency: 'EUR', lines };
    validatePlaceOrder(input);

    if (await createOrder(stores.orders, id, userId, seed, input)) counts.created += 1;
    else counts.existing += 1;
    if (seed.status === 'DELIVERED') {
      await stores.purchases.recordDelivered(seedUuid(`${seed.key} delivered`), ORDER_DELIVERED, id, userId, lines.map((line) => line.productId));
    }
  }
  return counts;
}

/** Creates the order with its lines in one statement; false when an order with this id is there already. */
async function createOrder(
  prisma: PrismaClient,
  id: string,
  userId: string,
  seed: SeedOrder,
  input: { currency: string; lines: Array<{ productId: string; productName: string; unitPriceMinor: number; quantity: number }> },
): Promise<boolean> {
  if (await prisma.order.findUnique({ where: { id }, select: { id: true } })) return false;
  try {
    await prisma.order.create({
      data: {
        id,
        userId,
        status: seed.status,
        currency: input.currency,
        subtotalCents: input.lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0),
        lines: {
          create: input.lines.map((line) => ({
            productId: line.productId,
            productName: line.productName,
            unitPriceCents: line.unitPriceMinor,
            quantity: line.quantity,
          })),
        },
      },
    });
    return true;
  } catch (error) {
    // Another seed run created it meanwhile.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION) return false;
    throw error;
  }
}
