import type { PrismaClient } from '../../prisma/orders/client/client';
import { addDays, DELIVERY_WINDOWS, shopDate } from '../../subgraphs/orders/domain/delivery-calendar';
import { zoneIdOf } from '../../subgraphs/orders/domain/delivery-slot';
import { DELIVERY_FEE_MINOR } from '../../subgraphs/orders/domain/order-pricing';
import { DeliveryZoneStore } from '../../subgraphs/orders/store/delivery-zones';
import type { SeedCounts } from './seed-catalog';

/** The comunas of Greater Santiago the demo shop serves: the standard fee near the shop, more farther out. */
export const SEED_ZONES: ReadonlyArray<{ name: string; feeCents: number }> = [
  ...['Santiago', 'Providencia', 'Ñuñoa', 'Recoleta', 'Independencia', 'Estación Central', 'San Miguel', 'Macul'].map((name) => ({
    name,
    feeCents: DELIVERY_FEE_MINOR,
  })),
  ...['Las Condes', 'Vitacura', 'La Reina', 'Peñalolén', 'La Florida', 'Maipú'].map((name) => ({ name, feeCents: 695 })),
  { name: 'Lo Barnechea', feeCents: 895 },
];
export const SEED_SLOT_CAPACITY = 20;
/** Slot rows are opened this many days ahead (more appear with their first booking). */
export const SEED_SLOT_DAYS = 14;

/**
 * Adds the delivery zones that do not exist yet (an existing zone, perhaps edited by staff, is left alone) and opens
 * the slots of every zone for the next SEED_SLOT_DAYS days in the shop's time zone, nothing booked.
 */
export async function seedDelivery(prisma: PrismaClient, timeZone: string, now = new Date()): Promise<{ zones: SeedCounts; slots: SeedCounts }> {
  const store = new DeliveryZoneStore(prisma);
  const zones: SeedCounts = { created: 0, existing: 0 };
  for (const zone of SEED_ZONES) {
    const { count } = await prisma.deliveryZone.createMany({
      data: [{ id: zoneIdOf(zone.name), name: zone.name, feeCents: zone.feeCents, slotCapacity: SEED_SLOT_CAPACITY }],
      skipDuplicates: true,
    });
    if (count === 1) zones.created += 1;
    else zones.existing += 1;
  }
  const today = shopDate(now, timeZone);
  const dates = Array.from({ length: SEED_SLOT_DAYS }, (_, day) => addDays(today, day));
  let opened = 0;
  for (const zone of SEED_ZONES) opened += await store.openSlots(zoneIdOf(zone.name), dates, DELIVERY_WINDOWS);
  return { zones, slots: { created: opened, existing: SEED_ZONES.length * dates.length * DELIVERY_WINDOWS.length - opened } };
}
