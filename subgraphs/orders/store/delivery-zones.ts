import type { Prisma, PrismaClient } from '../../../prisma/orders/client/client';
import type { DeliveryWindow } from '../../../prisma/orders/client/enums';

export interface DeliveryZoneRow {
  id: string;
  name: string;
  feeCents: number;
  slotCapacity: number;
  active: boolean;
  updatedAt: Date;
}

export interface BookedSlot {
  date: string;
  window: DeliveryWindow;
  reserved: number;
}

const dateColumn = (date: string) => new Date(`${date}T00:00:00Z`);

/**
 * Takes one place in the zone's window on `date`, in the caller's transaction (the order's): one statement, so
 * concurrent checkouts queue on the slot's row and never take more than the zone's capacity. False when full or when
 * the zone is not served (any more).
 */
export async function reserveSlot(tx: Prisma.TransactionClient, zoneId: string, date: string, window: DeliveryWindow): Promise<boolean> {
  const count = await tx.$executeRaw`
    INSERT INTO "orders"."delivery_slots" AS slot (zone_id, date, "window", reserved)
    SELECT zone.id, ${date}::date, ${window}::"orders"."DeliveryWindow", 1 FROM "orders"."delivery_zones" zone
    WHERE zone.id = ${zoneId} AND zone.active AND zone.slot_capacity >= 1
    ON CONFLICT (zone_id, date, "window") DO UPDATE SET reserved = slot.reserved + 1
    WHERE slot.reserved < (SELECT capacity.slot_capacity FROM "orders"."delivery_zones" capacity WHERE capacity.id = slot.zone_id AND capacity.active)`;
  return count === 1;
}

/** Gives back the place an order held (its cancellation), in the caller's transaction. */
export async function releaseSlot(tx: Prisma.TransactionClient, zoneId: string, date: Date, window: DeliveryWindow): Promise<void> {
  await tx.$executeRaw`
    UPDATE "orders"."delivery_slots" SET reserved = reserved - 1
    WHERE zone_id = ${zoneId} AND date = ${date} AND "window" = ${window}::"orders"."DeliveryWindow" AND reserved > 0`;
}

/** The delivery zones (comunas served, their fees and capacities) and what their slots hold. */
export class DeliveryZoneStore {
  constructor(private readonly prisma: PrismaClient) {}

  list(): Promise<DeliveryZoneRow[]> {
    return this.prisma.deliveryZone.findMany({ orderBy: { id: 'asc' } });
  }

  find(id: string): Promise<DeliveryZoneRow | null> {
    return this.prisma.deliveryZone.findUnique({ where: { id } });
  }

  /** Creates the zone or changes it; capacity lowered below what is booked holds the bookings but takes no more. */
  upsert(zone: Omit<DeliveryZoneRow, 'updatedAt'>): Promise<DeliveryZoneRow> {
    const { id, ...fields } = zone;
    return this.prisma.deliveryZone.upsert({ where: { id }, create: zone, update: { ...fields, updatedAt: new Date() } });
  }

  /** The places taken in the zone's slots from `from` to `to` (inclusive); slots nobody booked have no row. */
  async booked(zoneId: string, from: string, to: string): Promise<BookedSlot[]> {
    const rows = await this.prisma.deliverySlot.findMany({ where: { zoneId, date: { gte: dateColumn(from), lte: dateColumn(to) } } });
    return rows.map((row) => ({ date: row.date.toISOString().slice(0, 10), window: row.window, reserved: row.reserved }));
  }

  /** Makes the slot rows from `from` to `to` exist (nothing booked); for the seed. */
  async openSlots(zoneId: string, dates: string[], windows: DeliveryWindow[]): Promise<number> {
    const { count } = await this.prisma.deliverySlot.createMany({
      data: dates.flatMap((date) => windows.map((window) => ({ zoneId, date: dateColumn(date), window }))),
      skipDuplicates: true,
    });
    return count;
  }
}
