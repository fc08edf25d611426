// What an operation spends of its caller's budget: one point, and more for what makes it expensive for the
// router beyond what the apps' own operations ask. A document's validation grows with the selections it writes
// (repeated fields with their square) and its parsing with its length; running it grows with its cost. So a
// client sending the heaviest documents the limits allow gets fewer of them through than one sending the apps'
// ordinary ones, which spend one point each (router/protection/work-points.spec.ts checks them all).

/** Free up to the allowance (the apps' largest operations are well within it), then one point per step. */
const beyond = (value: number, allowance: number, step: number) => Math.floor(Math.max(0, value - allowance) / step);

/** Points a document spends beyond its first, for its size: known before it is validated. */
export const documentPoints = (characters: number, selections: number) => beyond(characters, 4_000, 1_000) + beyond(selections, 100, 25);

/** Points an operation spends beyond its first, for its cost: known once it is validated. */
export const costPoints = (cost: number) => beyond(cost, 2_000, 500);
