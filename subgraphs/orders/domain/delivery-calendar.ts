import type { DeliveryWindow } from '../../../prisma/orders/client/enums';

// Dates and times in the shop's time zone (SHOP_TIME_ZONE), computed with Intl: "today" is the shop's today, and
// each window closes at its cut-off, a wall-clock time on the delivery date itself.

/** When each window is delivered and until when (shop time, on the delivery date) it can be booked. */
export const WINDOW_HOURS: Record<DeliveryWindow, { from: number; to: number; cutOffHour: number }> = {
  MORNING: { from: 9, to: 12, cutOffHour: 7 },
  AFTERNOON: { from: 12, to: 17, cutOffHour: 10 },
  EVENING: { from: 17, to: 21, cutOffHour: 15 },
};
export const DELIVERY_WINDOWS = Object.keys(WINDOW_HOURS) as DeliveryWindow[];

const DAY_MS = 24 * 60 * 60 * 1000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function wallClock(instant: Date, timeZone: string): { date: string; asUtcMs: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, asUtcMs: Date.parse(`${date}T${parts.hour}:${parts.minute}:${parts.second}Z`) };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return ISO_DATE.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The shop's calendar date at `now`, YYYY-MM-DD. */
export const shopDate = (now: Date, timeZone: string): string => wallClock(now, timeZone).date;

export const addDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** The instant the shop's clocks show `hour`:00 on `date` (the offset is taken twice, so a DST change that day is honoured). */
export function shopTime(date: string, hour: number, timeZone: string): Date {
  const wanted = Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  let instant = wanted - (wallClock(new Date(wanted), timeZone).asUtcMs - wanted);
  instant = wanted - (wallClock(new Date(instant), timeZone).asUtcMs - instant);
  return new Date(instant);
}

/** When booking `window` on `date` closes. */
export const cutOffOf = (date: string, window: DeliveryWindow, timeZone: string): Date => shopTime(date, WINDOW_HOURS[window].cutOffHour, timeZone);

export const isOpen = (date: string, window: DeliveryWindow, now: Date, timeZone: string): boolean => now < cutOffOf(date, window, timeZone);
