// The varied traffic: every request different from every other, as many customers browsing at once send it.
// A request's variables come from its sequence number alone, so every target gets the same sequence.

export interface VariedSetting {
  categoryId: string;
  /** Real `endCursor`s of the category listed by PRICE_ASC (a cursor is only good for the sort that made it). */
  priceAscCursors: string[];
}

/** Words the bench's product names and tags hold, whole and as prefixes (the search matches both). */
export const searchWords = ['rose', 'roses', 'tulip', 'lily', 'peony', 'orchid', 'red', 'pink', 'white', 'yellow', 'bouquet', 'ros', 'tul', 'grand', 'classic'];
const sorts = ['RELEVANCE', 'PRICE_ASC', 'PRICE_DESC', 'NEWEST', 'NAME', 'RATING'];
const colours = [['red'], ['pink'], ['white'], ['red', 'pink'], ['yellow', 'white']];
const occasions = [['BIRTHDAY'], ['ROMANCE', 'ANNIVERSARY'], ['THANK_YOU'], ['WEDDING'], ['SYMPATHY', 'GET_WELL']];

/**
 * The variables of request number `seq`: a page size between 18 and 24, and one of four kinds of page (the
 * category sorted some way, a search in it, a next page by price, a colour or occasion filter). `priceMax`
 * carries the sequence number above every price, so no two requests are alike while meaning the same.
 */
export function variedVariables(seq: number, setting: VariedSetting): Record<string, unknown> {
  const filter: Record<string, unknown> = { categoryId: setting.categoryId, priceMax: 10_000_000 + seq };
  const variables: Record<string, unknown> = { first: 18 + (seq % 7), filter };
  const turn = Math.floor(seq / 4);
  switch (seq % 4) {
    case 0:
      variables.sortBy = sorts[turn % sorts.length];
      break;
    case 1:
      variables.search = searchWords[turn % searchWords.length];
      variables.sortBy = 'RELEVANCE';
      break;
    case 2:
      variables.sortBy = 'PRICE_ASC';
      variables.after = setting.priceAscCursors.length > 0 ? setting.priceAscCursors[turn % setting.priceAscCursors.length] : null;
      break;
    default:
      if (turn % 2 === 0) filter.colours = colours[turn % colours.length];
      else filter.occasions = occasions[turn % occasions.length];
      variables.sortBy = sorts[turn % sorts.length];
  }
  return variables;
}
