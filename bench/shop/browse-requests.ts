// The variables of the apps' BrowseProducts for each kind of browsing: a category page sorted some way, a
// search in English or Spanish, a filter by occasion, colour, price or stock, and the next page of any of them.
import { Occasion } from '../../subgraphs/catalog/entities/occasion';

type Random = () => number;
const any = <T>(choices: readonly T[], random: Random): T => choices[Math.floor(random() * choices.length)];

/** What people type: flower names in both languages, a few phrases, and some words the shop has no product for. */
export const searchWords = [
  'rosas',
  'roses',
  'tulipanes',
  'tulips',
  'rosas rojas',
  'red roses',
  'lirios',
  'lily',
  'orquídeas',
  'orchid',
  'peonías',
  'girasoles',
  'sunflower',
  'bouquet',
  'wreath',
  'plant',
  'gift box',
  'margaritas',
  'claveles',
  'cactus',
  'boda',
  'funeral',
  'corona',
];
export const sorts = ['RELEVANCE', 'PRICE_ASC', 'PRICE_DESC', 'NEWEST', 'NAME', 'RATING'] as const;
const occasions = Object.values(Occasion);
/** Price bands of the shop's filter, in cents. */
const priceBands: Array<[number, number]> = [
  [0, 3000],
  [3000, 6000],
  [6000, 10_000],
  [10_000, 20_000],
];
/** The web app shows 24 products a page, the mobile app 12: a shopper keeps to one. */
export const pageSizes = [24, 12];

/** Most shoppers leave the order as the app sets it (the operation's default); some pick one. */
const CHOSEN_SORT_SHARE = 0.3;
const sortChoice = (random: Random): Record<string, unknown> => (random() < CHOSEN_SORT_SHARE ? { sortBy: any(sorts, random) } : {});

export interface BrowseCatalog {
  categoryIds: string[];
  colours: string[];
}

export function categoryPage(catalog: BrowseCatalog, random: Random, pageSize = any(pageSizes, random)): Record<string, unknown> {
  return { first: pageSize, ...sortChoice(random), filter: { categoryId: any(catalog.categoryIds, random) } };
}

export function searchPage(random: Random, pageSize = any(pageSizes, random)): Record<string, unknown> {
  return { first: pageSize, search: any(searchWords, random), ...sortChoice(random) };
}

/** One to three refinements at once: an occasion, a colour, a price band, only what is in stock. */
export function filterPage(catalog: BrowseCatalog, random: Random, pageSize = any(pageSizes, random)): Record<string, unknown> {
  const filter: Record<string, unknown> = { occasions: [any(occasions, random)] };
  if (random() < 0.5) filter.colours = [any(catalog.colours, random)];
  if (random() < 0.4) [filter.priceMin, filter.priceMax] = any(priceBands, random);
  if (random() < 0.3) filter.inStock = true;
  return { first: pageSize, ...sortChoice(random), filter };
}

/** The page after one the shopper saw: the same variables and its end cursor. */
export const nextPage = (previous: Record<string, unknown>, endCursor: string): Record<string, unknown> => ({ ...previous, after: endCursor });
