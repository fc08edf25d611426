import { PrismaClient } from '../../prisma/orders/client/client';
import { connectPrisma } from '../../runtime/stores/prisma';
import { DELIVERY_FEE_MINOR } from './domain/order-pricing';
import { DeliveryZoneStore } from './store/delivery-zones';

/**
 * The zone every test shopper's address is in (city "Santiago"), at the standard fee and with room for every run's
 * orders: tests that are not about capacity never meet a full slot. Capacity tests make zones of their own.
 */
export async function serveTestShoppersZone(databaseUrl: string): Promise<void> {
  const { prisma, close } = await connectPrisma(PrismaClient, databaseUrl, 'orders');
  try {
    await new DeliveryZoneStore(prisma).upsert({ id: 'santiago', name: 'Santiago', feeCents: DELIVERY_FEE_MINOR, slotCapacity: 1_000_000, active: true });
  } finally {
    await close();
  }
}
