import type { DeliveryWindow } from '../../../prisma/orders/client/enums';
import { check } from '../../../runtime/validation';
import { addDays, cutOffOf, daysBetween, DELIVERY_WINDOWS, isOpen, shopDate } from '../domain/delivery-calendar';
import { checkBookable, MAX_DAYS_AHEAD, zoneIdOf, zoneNotServed } from '../domain/delivery-slot';
import type { DeliveryZoneRow, DeliveryZoneStore } from '../store/delivery-zones';

/** The time the shop's rules are judged at; providers hold one so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock = (): Clock => ({ now: () => new Date() });

export interface BookableSlot {
  date: string;
  window: DeliveryWindow;
  cutOffAt: Date;
  capacity: number;
  remaining: number;
}

export const MAX_SLOT_DAYS = 31;

/** Delivery zones and slots as checkout and the checkout screen see them, in the shop's time zone. */
export class DeliveryService {
  constructor(private readonly deps: { zones: DeliveryZoneStore; clock: Clock; timeZone: string }) {}

  /** The zone that serves `comuna`; DELIVERY_ZONE_NOT_SERVED when none does (or it is switched off). */
  async zoneFor(comuna: string): Promise<DeliveryZoneRow> {
    const zone = await this.deps.zones.find(zoneIdOf(comuna));
    if (!zone?.active) throw zoneNotServed(comuna);
    return zone;
  }

  /** BAD_USER_INPUT or DELIVERY_SLOT_CLOSED unless `window` on `date` can be booked now. */
  checkBookable(date: string, window: DeliveryWindow, dateField?: string): void {
    checkBookable(date, window, this.deps.clock.now(), this.deps.timeZone, dateField);
  }

  /** Places left in the zone's window on `date` now (a checkout takes its place only in the order's transaction). */
  async remaining(zone: DeliveryZoneRow, date: string, window: DeliveryWindow): Promise<number> {
    const [booked] = (await this.deps.zones.booked(zone.id, date, date)).filter((slot) => slot.window === window);
    return Math.max(0, zone.slotCapacity - (booked?.reserved ?? 0));
  }

  /**
   * The slots of `days` dates from `from` (the shop's today when omitted or earlier) whose cut-off has not passed, up to
   * MAX_DAYS_AHEAD, with the places left in the comuna's zone (0 when full: shown, not bookable).
   */
  async slots(comuna: string, from: string | null, days: number): Promise<{ zone: DeliveryZoneRow; slots: BookableSlot[] }> {
    check(Number.isInteger(days) && days >= 1 && days <= MAX_SLOT_DAYS, 'days', `days is 1 to ${MAX_SLOT_DAYS}`);
    const zone = await this.zoneFor(comuna);
    const now = this.deps.clock.now();
    const today = shopDate(now, this.deps.timeZone);
    const first = from && from > today ? from : today;
    const last = addDays(first, Math.min(days - 1, MAX_DAYS_AHEAD - daysBetween(today, first)));
    if (last < first) return { zone, slots: [] };
    const booked = new Map((await this.deps.zones.booked(zone.id, first, last)).map((slot) => [`${slot.date} ${slot.window}`, slot.reserved]));
    const slots: BookableSlot[] = [];
    for (let date = first; date <= last; date = addDays(date, 1)) {
      for (const window of DELIVERY_WINDOWS) {
        if (!isOpen(date, window, now, this.deps.timeZone)) continue;
        const reserved = booked.get(`${date} ${window}`) ?? 0;
        slots.push({
          date,
          window,
          cutOffAt: cutOffOf(date, window, this.deps.timeZone),
          capacity: zone.slotCapacity,
          remaining: Math.max(0, zone.slotCapacity - reserved),
        });
      }
    }
    return { zone, slots };
  }
}
