import type { DeliveryWindow } from '../../../prisma/orders/client/enums';
import { DomainError, isDomainError } from '../../../runtime/errors';
import { check } from '../../../runtime/validation';
import { addDays, cutOffOf, shopDate } from './delivery-calendar';

/** Orders can be booked this many days ahead (of the shop's today) at most. */
export const MAX_DAYS_AHEAD = 90;

/** A comuna's name folded for matching: lower case, no accents, single spaces ("Ñuñoa " → "nunoa"). */
export const zoneIdOf = (comuna: string): string => comuna.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim().replace(/\s+/g, ' ');

export const zoneNotServed = (comuna: string) =>
  new DomainError('DELIVERY_ZONE_NOT_SERVED', `The shop does not deliver to ${comuna}`, { field: 'addressId', comuna });

export const slotFull = (date: string, window: DeliveryWindow) =>
  new DomainError('DELIVERY_SLOT_FULL', `The ${window} window of ${date} is fully booked; choose another`, { field: 'deliveryWindow', date, window });

export const isSlotFull = (error: unknown): boolean => isDomainError(error, 'DELIVERY_SLOT_FULL');

/**
 * Checks that `window` on `date` can still be booked at `now`: not before the shop's today, not beyond MAX_DAYS_AHEAD,
 * and before the window's cut-off (shop time). BAD_USER_INPUT or DELIVERY_SLOT_CLOSED naming the field.
 */
export function checkBookable(date: string, window: DeliveryWindow, now: Date, timeZone: string, dateField = 'deliveryDate'): void {
  const today = shopDate(now, timeZone);
  check(date >= today, dateField, 'The delivery date cannot be in the past');
  check(date <= addDays(today, MAX_DAYS_AHEAD), dateField, `Deliveries can be booked up to ${MAX_DAYS_AHEAD} days ahead`);
  const cutOff = cutOffOf(date, window, timeZone);
  if (now >= cutOff) {
    throw new DomainError('DELIVERY_SLOT_CLOSED', `The ${window} window of ${date} closed for booking at ${cutOff.toISOString()}`, {
      field: 'deliveryWindow',
      cutOffAt: cutOff.toISOString(),
    });
  }
}
