import { LRUCache } from 'lru-cache';

/** The shared budget's count for a caller after points were added to it, and when its window ends. */
export interface SharedCount {
  consumed: number;
  msBeforeNext: number;
}

/** Thrown when the caller's shared budget cannot pay for the operation: it comes back after `msBeforeNext`. */
export class BudgetSpent extends Error {
  constructor(readonly msBeforeNext: number) {
    super('budget spent');
  }
}

/**
 * Share of a caller's budget a router takes ahead at once, and at most that many points: what one router holds
 * counts as spent for every other, and routers whose limits differ (a change being rolled out; a benchmark's
 * seeding router with no practical limit beside the shop's) share the same count in Redis.
 */
const AHEAD_SHARE = 0.01;
const MAX_AHEAD = 10;
/**
 * Callers whose lease is remembered. One forgotten (the least recently seen) loses what it held ahead, at most
 * MAX_AHEAD points, and its next operation goes to Redis: never more than it may spend. A lease is worth little,
 * so few are kept: a client sending from a new address each time must not make this grow by megabytes.
 */
const MAX_CALLERS = 10_000;

/** Points a router takes ahead of need from a budget of `limit` a window: 1%, none below 100 a window, at most 10. */
export const pointsAhead = (limit: number) => Math.min(MAX_AHEAD, Math.floor(limit * AHEAD_SHARE));

interface Lease {
  points: number;
  /** When the shared window these points were taken from ends (Date.now()); they are void after it. */
  until: number;
}

/**
 * One router's share of each caller's shared budget (rate-limits.ts), taken ahead. Counting every operation in
 * Redis made every cache hit wait for a Redis round trip of its own; instead, when a router has to go to Redis it
 * adds, besides the operation's points, 1% of the budget, which it then spends locally until the window ends. The
 * shared count is an atomic increment, so each router gets a disjoint slice: across all routers a caller never
 * runs more than the budget. What a router held ahead when the window ends is lost to the caller (at most 1% of
 * the budget, or 10 points, per router a window), and another router refuses them up to that much sooner. Budgets under 100 a
 * window take nothing ahead: every operation is counted in Redis, as before.
 */
export class BudgetLeases {
  private readonly held = new LRUCache<string, Lease>({ max: MAX_CALLERS });
  // A caller's count in Redis under way: others of theirs wait for it (and its lease) instead of asking too.
  private readonly asking = new Map<string, Promise<void>>();

  constructor(
    private readonly limit: number,
    private readonly ahead = pointsAhead(limit),
  ) {}

  /**
   * Spends `points` (at most the limit) of the caller's budget: from what this router holds ahead when that is
   * enough, else through `count` (adds points to the shared count, atomically). Throws BudgetSpent when refused.
   */
  async spend(caller: string, points: number, count: (points: number) => Promise<SharedCount>): Promise<void> {
    if (this.takeHeld(caller, points)) return;
    const earlier = this.asking.get(caller);
    if (earlier) {
      await earlier.catch(() => undefined);
      if (this.takeHeld(caller, points)) return;
    }
    const asking = this.takeShared(caller, points, count);
    if (!this.asking.has(caller)) {
      this.asking.set(caller, asking);
      const done = () => {
        if (this.asking.get(caller) === asking) this.asking.delete(caller);
      };
      asking.then(done, done);
    }
    await asking;
  }

  /** Points this router holds ahead for the caller now (0 once the window they came from has ended). */
  heldFor(caller: string, now = Date.now()): number {
    const lease = this.held.get(caller);
    return lease && lease.until > now ? lease.points : 0;
  }

  private takeHeld(caller: string, points: number): boolean {
    const lease = this.held.get(caller);
    if (!lease || lease.until <= Date.now() || lease.points < points) return false;
    lease.points -= points;
    return true;
  }

  private async takeShared(caller: string, points: number, count: (points: number) => Promise<SharedCount>): Promise<void> {
    const asked = points + this.ahead;
    const { consumed, msBeforeNext } = await count(asked);
    // Consumed by every router before this increment: the operation runs when its own points still fit.
    const before = consumed - asked;
    if (before + points > this.limit) throw new BudgetSpent(msBeforeNext);
    const kept = Math.min(this.ahead, this.limit - before - points);
    if (kept <= 0) return;
    const until = Date.now() + msBeforeNext;
    const lease = this.held.get(caller);
    // Points held from the same window add up; older ones are void.
    const carried = lease && lease.until > Date.now() ? lease.points : 0;
    this.held.set(caller, { points: carried + kept, until: Math.max(until, lease?.until ?? 0) });
  }
}
