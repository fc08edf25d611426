// What a shopper does next: the day's mix of steps, and within a step which action, given the shopper's cart.

export type StepClass = 'browse' | 'cart' | 'checkout' | 'history';
export type BrowseAction = 'category' | 'search' | 'filter' | 'next-page' | 'product' | 'menu';
export type CartAction = 'create-and-add' | 'add' | 'update' | 'remove';

type Weighted<T> = Array<[T, number]>;

/** ~60% browsing, ~25% cart changes, ~10% checkouts, ~5% order history. */
export const stepMix: Weighted<StepClass> = [
  ['browse', 0.6],
  ['cart', 0.25],
  ['checkout', 0.1],
  ['history', 0.05],
];

/** Browsing: category pages, searches, filters, next pages, product pages, now and then the menu. */
export const browseMix: Weighted<BrowseAction> = [
  ['category', 0.25],
  ['search', 0.2],
  ['filter', 0.15],
  ['next-page', 0.1],
  ['product', 0.25],
  ['menu', 0.05],
];

/** Changing a cart that has lines: mostly adding, sometimes a quantity, sometimes a line removed. */
const cartChangeMix: Weighted<CartAction> = [
  ['add', 0.55],
  ['update', 0.25],
  ['remove', 0.2],
];

/** One of the weighted choices; `random` in [0, 1) as Math.random gives. */
export function pick<T>(weighted: Weighted<T>, random: () => number): T {
  const total = weighted.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random() * total;
  for (const [choice, weight] of weighted) {
    point -= weight;
    if (point < 0) return choice;
  }
  return weighted[weighted.length - 1][0];
}

export interface CartState {
  /** Whether the shopper has a cart (none at first and after each checkout). */
  exists: boolean;
  lines: number;
}

/**
 * The step a shopper plays: the mix's choice, except that a checkout with nothing in the cart becomes putting
 * something in it (a person presses "buy" only with a full cart), so a few checkouts turn into cart steps.
 */
export function nextStep(random: () => number, cart: CartState): StepClass {
  const chosen = pick(stepMix, random);
  return chosen === 'checkout' && cart.lines === 0 ? 'cart' : chosen;
}

/** Which cart change: a first cart (created, then a line added), a first line, or a change of a cart with lines. */
export function cartAction(random: () => number, cart: CartState): CartAction {
  if (!cart.exists) return 'create-and-add';
  if (cart.lines === 0) return 'add';
  return pick(cartChangeMix, random);
}
