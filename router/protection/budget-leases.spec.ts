import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { BudgetLeases, BudgetSpent, pointsAhead, type SharedCount } from './budget-leases';

/** A shared count in memory, as Redis keeps it for one caller's window: every call adds its points atomically. */
function sharedCount(windowMs = 60_000) {
  let consumed = 0;
  const calls: number[] = [];
  const count = async (points: number): Promise<SharedCount> => {
    calls.push(points);
    await sleep(1);
    consumed += points;
    return { consumed, msBeforeNext: windowMs };
  };
  return { count, calls, preSpend: (points: number) => (consumed += points) };
}

const spendAll = (leases: BudgetLeases, caller: string, times: number, count: (points: number) => Promise<SharedCount>) =>
  Promise.allSettled(Array.from({ length: times }, () => leases.spend(caller, 1, count)));

describe('budget leases (a router spends a caller budget a few points at a time)', () => {
  it('takes 1% ahead of budgets of 100 or more, at most 10, none below', () => {
    expect([pointsAhead(60), pointsAhead(99), pointsAhead(100), pointsAhead(600), pointsAhead(1_000_000)]).toEqual([0, 0, 1, 6, 10]);
  });

  it('counts in the shared budget once for the operation and the points taken ahead, then spends those locally', async () => {
    const shared = sharedCount();
    const leases = new BudgetLeases(600);
    for (let i = 0; i < 7; i += 1) await leases.spend('ana', 1, shared.count);
    expect(shared.calls).toEqual([7]);
    await leases.spend('ana', 1, shared.count);
    expect(shared.calls).toEqual([7, 7]);
    expect(leases.heldFor('ana')).toBe(6);
    expect(leases.heldFor('someone else')).toBe(0);
  });

  it('asks once for a caller many of whose operations arrive together (the others wait for its lease)', async () => {
    const shared = sharedCount();
    const leases = new BudgetLeases(600);
    const outcomes = await spendAll(leases, 'ana', 7, shared.count);
    expect(outcomes.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect(shared.calls).toEqual([7]);
  });

  it('runs an operation whose own points still fit, keeping only what is left of the budget', async () => {
    const shared = sharedCount();
    shared.preSpend(597);
    const leases = new BudgetLeases(600);
    const outcomes = await spendAll(leases, 'ana', 5, shared.count);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(refused).toHaveLength(2);
    for (const { reason } of refused) expect(reason).toBeInstanceOf(BudgetSpent);
  });

  it('never runs more than the budget across routers counting at once in one shared count', async () => {
    const shared = sharedCount();
    shared.preSpend(580);
    const routers = [new BudgetLeases(600), new BudgetLeases(600), new BudgetLeases(600)];
    const outcomes = (await Promise.all(routers.map((leases) => spendAll(leases, 'ana', 15, shared.count)))).flat();
    const ran = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
    expect(ran).toBeLessThanOrEqual(20);
    // What the routers may hold ahead unspent when the others are refused: at most 6 each.
    expect(ran).toBeGreaterThanOrEqual(20 - 3 * 6);
  });

  it('lets points taken ahead go when the window they came from ends', async () => {
    const shared = sharedCount(30);
    const leases = new BudgetLeases(600);
    await leases.spend('ana', 1, shared.count);
    expect(leases.heldFor('ana')).toBe(6);
    await sleep(40);
    expect(leases.heldFor('ana')).toBe(0);
    await leases.spend('ana', 1, shared.count);
    expect(shared.calls).toEqual([7, 7]);
  });

  it('counts every operation in the shared budget when nothing is taken ahead (budgets under 100)', async () => {
    const shared = sharedCount();
    const leases = new BudgetLeases(3);
    const outcomes = await spendAll(leases, 'ana', 4, shared.count);
    expect(shared.calls).toEqual([1, 1, 1, 1]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected']);
  });

  it('remembers the leases of 10,000 callers at most: the least recently seen one counts in the shared budget again', async () => {
    const counted = new Map<string, number>();
    const countFor =
      (caller: string) =>
      async (points: number): Promise<SharedCount> => {
        counted.set(caller, (counted.get(caller) ?? 0) + points);
        return { consumed: counted.get(caller)!, msBeforeNext: 60_000 };
      };
    const leases = new BudgetLeases(600);
    await leases.spend('first', 1, countFor('first'));
    expect(leases.heldFor('first')).toBe(6);
    // A client sending from a new address each time: each is a caller of its own.
    for (let caller = 0; caller < 10_000; caller += 1) await leases.spend(`address-${caller}`, 1, countFor(`address-${caller}`));
    expect(leases.heldFor('address-9999')).toBe(6);
    expect(leases.heldFor('first')).toBe(0);
    await leases.spend('first', 1, countFor('first'));
    expect(counted.get('first')).toBe(14); // asked again (7 + 7): what it held was lost, never spent twice
  });

  it('runs an operation heavier than what is held ahead from the shared budget, keeping what was held', async () => {
    const shared = sharedCount();
    const leases = new BudgetLeases(600);
    await leases.spend('ana', 1, shared.count);
    await leases.spend('ana', 10, shared.count);
    expect(shared.calls).toEqual([7, 16]);
    expect(leases.heldFor('ana')).toBe(12);
  });
});
