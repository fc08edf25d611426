import { hitRatio } from '../shared/router-metrics';
import type { DayResult } from './busy-day';
import { stepClasses } from './tally';

export interface Goal {
  reached: boolean;
  text: string;
  /** Correctness goals fail the bench; speed and capacity goals are reported. */
  correctness: boolean;
}

/** Runs with at most this many shoppers are a normal busy day; more is an overload the shop must shed gracefully. */
export const NORMAL_DAY_MAX_SHOPPERS = 200;
export const BROWSE_P99_MS = 1_000;
export const ORDERS_PER_SECOND = 5;
/** Share of the catalog's data the router answers from its cache on a busy day (issue #12). */
export const CATALOG_HIT_RATIO = 0.8;
/** The bench's reading of "shed fast": a refusal takes no longer than this (p99). */
export const SHED_P99_MS = 100;

const percent = (share: number) => (Number.isFinite(share) ? `${(share * 100).toFixed(1)}%` : '-');
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(0)} ms` : '-');

/** The share of a class's requests that were refused (0 without requests). */
export const shedShare = (day: DayResult, stepClass: (typeof stepClasses)[number]) => {
  const { count, refused } = day.tally.summary(stepClass);
  return count === 0 ? 0 : refused / count;
};

function correctnessGoals(day: DayResult): Goal[] {
  const c = day.correctness;
  const goal = (reached: boolean, text: string): Goal => ({ reached, text, correctness: true });
  return [
    goal(!c.readFailure, c.readFailure ? `orders and stock read back: ${c.readFailure}` : `orders and stock read back (${c.readBack} orders)`),
    goal(
      c.missing.length === 0 && c.otherLines.length === 0,
      `every acknowledged order exists with its lines: ${c.acknowledged - c.missing.length - c.otherLines.length} of ${c.acknowledged} (missing ${c.missing.length}, other lines ${c.otherLines.length})`,
    ),
    goal(
      c.stock.length === 0,
      `stock conserved (before − ordered = now, cancelled orders excluded): ${c.stock.length} products disagree${c.stock.length ? `, e.g. ${JSON.stringify(c.stock.slice(0, 3))}` : ''}`,
    ),
    goal(c.unseenByStaff.length === 0, `the staff feed showed every acknowledged order as PENDING: ${c.unseenByStaff.length} unseen`),
  ];
}

function normalDayGoals(day: DayResult): Goal[] {
  const goal = (reached: boolean, text: string): Goal => ({ reached, text, correctness: false });
  const unavailable = stepClasses.reduce((sum, name) => sum + (day.tally.summary(name).codes.SUBGRAPH_UNAVAILABLE ?? 0), 0);
  const opened = Object.entries(day.router.breakerMax)
    .filter(([, state]) => state >= 1)
    .map(([subgraph]) => subgraph);
  const browseP99 = day.tally.summary('browse').p99Ms;
  const ordersPerSecond = day.acknowledgedOrders / day.seconds;
  return [
    goal(unavailable === 0, `no SUBGRAPH_UNAVAILABLE: ${unavailable} requests had it`),
    goal(
      opened.length === 0,
      `no circuit breaker opened: ${opened.length ? `opened: ${opened.join(', ')}` : 'none'} (${day.router.scrapes - day.router.failedScrapes} of ${day.router.scrapes} scrapes read)`,
    ),
    goal(browseP99 < BROWSE_P99_MS, `browse p99 < ${BROWSE_P99_MS} ms: ${ms(browseP99)}`),
    goal(ordersPerSecond >= ORDERS_PER_SECOND, `≥ ${ORDERS_PER_SECOND} orders placed per second: ${ordersPerSecond.toFixed(2)}/s`),
    ...catalogHitGoal(day),
  ];
}

/** The catalog's data served from the router's cache in the day's steady state (when the router reports it). */
function catalogHitGoal(day: DayResult): Goal[] {
  const steady = day.router.steadySubgraphCache?.catalog;
  if (!steady) return [];
  const ratio = hitRatio(steady);
  return [
    {
      reached: ratio >= CATALOG_HIT_RATIO,
      text: `catalog hit ratio ≥ ${CATALOG_HIT_RATIO * 100}% in the steady state: ${(ratio * 100).toFixed(1)}%`,
      correctness: false,
    },
  ];
}

function overloadGoals(day: DayResult): Goal[] {
  const goal = (reached: boolean, text: string): Goal => ({ reached, text, correctness: false });
  const checkout = day.tally.summary('checkout');
  const refusals = day.tally.refusals();
  const steady = day.tally.refusalsFrom(day.steadyFrom);
  const unanswered = stepClasses.reduce((sum, name) => {
    const { outcomes } = day.tally.summary(name);
    return sum + (outcomes.timeout ?? 0) + (outcomes['socket error'] ?? 0);
  }, 0);
  const browseShed = shedShare(day, 'browse');
  const laterShed = Math.max(shedShare(day, 'cart'), shedShare(day, 'checkout'));
  return [
    goal(
      checkout.capacityFailures === 0,
      `no checkout failed for capacity (refused, no answer, unavailable; OUT_OF_STOCK is not): ${checkout.capacityFailures} of ${checkout.count}`,
    ),
    goal(refusals.withoutRetryAfter === 0, `every refusal (HTTP 429/503) carries Retry-After: ${refusals.withoutRetryAfter} of ${refusals.count} without`),
    goal(
      refusals.count === 0 || refusals.p99Ms <= SHED_P99_MS,
      `refusals answered fast: p99 ${ms(refusals.p99Ms)} (goal ≤ ${SHED_P99_MS} ms; p50 ${ms(refusals.p50Ms)}; ${refusals.count} refusals; the day's last two thirds alone: p99 ${ms(steady.p99Ms)} of ${steady.count})`,
    ),
    goal(unanswered === 0, `no request left without an answer (timeouts, socket errors): ${unanswered}`),
    goal(
      browseShed >= laterShed,
      `browsing shed before cart and checkout: browse ${percent(browseShed)} refused, cart ${percent(shedShare(day, 'cart'))}, checkout ${percent(shedShare(day, 'checkout'))}`,
    ),
  ];
}

/** The goals of one day: a normal day's or an overload's, and the correctness checks either way (alone for a warm-up). */
export function dayGoals(day: DayResult): Goal[] {
  if (day.warmUp) return correctnessGoals(day);
  return [...(day.shoppers <= NORMAL_DAY_MAX_SHOPPERS ? normalDayGoals(day) : overloadGoals(day)), ...correctnessGoals(day)];
}
