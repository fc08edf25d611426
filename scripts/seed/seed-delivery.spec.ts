import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../prisma/orders/client/client';
import { connectPrisma, type PrismaStore } from '../../runtime/stores/prisma';
import { addDays, shopDate } from '../../subgraphs/orders/domain/delivery-calendar';
import { testEnv } from '../../test/support/test-env';
import { SEED_SLOT_DAYS, SEED_ZONES, seedDelivery } from './seed-delivery';

describe('npm run seed: delivery zones and slots (against the test database)', () => {
  let orders: PrismaStore<PrismaClient>;
  beforeAll(async () => {
    orders = await connectPrisma(PrismaClient, testEnv.DATABASE_URL, 'orders');
  });
  afterAll(() => orders?.close());

  it('adds the comunas served and opens their slots for two weeks; a second run adds nothing and leaves edited zones alone', async () => {
    const now = new Date();
    await seedDelivery(orders.prisma, 'America/Santiago', now);
    const zones = await orders.prisma.deliveryZone.findMany({ where: { id: { in: ['santiago', 'nunoa', 'lo barnechea'] } }, orderBy: { id: 'asc' } });
    expect(zones.map((zone) => [zone.id, zone.name])).toEqual([
      ['lo barnechea', 'Lo Barnechea'],
      ['nunoa', 'Ñuñoa'],
      ['santiago', 'Santiago'],
    ]);
    // Santiago is the tests' own zone (test/global-setup.ts): the seed does not change a zone that exists.
    expect(zones.find((zone) => zone.id === 'santiago')?.slotCapacity).toBe(1_000_000);
    const today = shopDate(now, 'America/Santiago');
    const slots = await orders.prisma.deliverySlot.count({
      where: { zoneId: 'providencia', date: { gte: new Date(`${today}T00:00:00Z`), lte: new Date(`${addDays(today, SEED_SLOT_DAYS - 1)}T00:00:00Z`) } },
    });
    expect(slots).toBe(SEED_SLOT_DAYS * 3);

    const again = await seedDelivery(orders.prisma, 'America/Santiago', now);
    expect(again).toEqual({ zones: { created: 0, existing: SEED_ZONES.length }, slots: { created: 0, existing: SEED_ZONES.length * SEED_SLOT_DAYS * 3 } });
  });
});
