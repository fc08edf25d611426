import { describe, expect, it } from 'vitest';
import { addDays, cutOffOf, isCalendarDate, isOpen, shopDate, shopTime } from './delivery-calendar';
import { checkBookable } from './delivery-slot';

const SANTIAGO = 'America/Santiago';
const codeOf = (run: () => void) => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
};

describe('delivery calendar (shop time zone)', () => {
  it("takes the shop's date, not UTC's: 23:30 UTC on 5 December is still the 5th in Santiago, 02:00 UTC on the 6th too", () => {
    expect(shopDate(new Date('2026-12-05T23:30:00Z'), SANTIAGO)).toBe('2026-12-05');
    expect(shopDate(new Date('2026-12-06T02:00:00Z'), SANTIAGO)).toBe('2026-12-05');
    expect(shopDate(new Date('2026-12-06T03:00:00Z'), SANTIAGO)).toBe('2026-12-06');
  });

  it('places wall-clock hours in summer (UTC-3) and winter (UTC-4) time', () => {
    expect(shopTime('2026-12-15', 7, SANTIAGO).toISOString()).toBe('2026-12-15T10:00:00.000Z');
    expect(shopTime('2026-07-15', 7, SANTIAGO).toISOString()).toBe('2026-07-15T11:00:00.000Z');
    expect(cutOffOf('2026-12-15', 'EVENING', SANTIAGO).toISOString()).toBe('2026-12-15T18:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect([isCalendarDate('2028-02-29'), isCalendarDate('2026-02-30'), isCalendarDate('2026-1-5')]).toEqual([true, false, false]);
  });

  it("closes each window at its cut-off on the delivery date: at 20:00 in Santiago today's windows are all closed, tomorrow's open", () => {
    const eightPm = shopTime('2026-12-05', 20, SANTIAGO); // 23:00 UTC, still the 5th in Santiago
    expect(['MORNING', 'AFTERNOON', 'EVENING'].map((window) => isOpen('2026-12-05', window as 'MORNING', eightPm, SANTIAGO))).toEqual([false, false, false]);
    expect(isOpen('2026-12-06', 'MORNING', eightPm, SANTIAGO)).toBe(true);
    expect(codeOf(() => checkBookable('2026-12-05', 'MORNING', eightPm, SANTIAGO))).toBe('DELIVERY_SLOT_CLOSED');
    expect(codeOf(() => checkBookable('2026-12-06', 'MORNING', eightPm, SANTIAGO))).toBeNull();
    const sevenAm = shopTime('2026-12-05', 7, SANTIAGO);
    expect(codeOf(() => checkBookable('2026-12-05', 'MORNING', new Date(sevenAm.getTime() - 1), SANTIAGO))).toBeNull();
    expect(codeOf(() => checkBookable('2026-12-05', 'MORNING', sevenAm, SANTIAGO))).toBe('DELIVERY_SLOT_CLOSED');
    expect(codeOf(() => checkBookable('2026-12-05', 'AFTERNOON', sevenAm, SANTIAGO))).toBeNull();
  });

  it("refuses dates before the shop's today and beyond 90 days as bad input", () => {
    const now = shopTime('2026-12-05', 9, SANTIAGO);
    expect(codeOf(() => checkBookable('2026-12-04', 'EVENING', now, SANTIAGO))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => checkBookable(addDays('2026-12-05', 90), 'EVENING', now, SANTIAGO))).toBeNull();
    expect(codeOf(() => checkBookable(addDays('2026-12-05', 91), 'EVENING', now, SANTIAGO))).toBe('BAD_USER_INPUT');
  });
});
