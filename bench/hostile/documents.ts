// The documents of the hostile benchmark: the worst the router's default limits let through, each one new
// (a name of its own) so nothing the router keeps per document answers it, and the customer's ordinary page.

/** Default limits (router/protection/protection-env.ts): selections per document, tokens per document. */
const MAX_SELECTIONS = 300;
const MAX_TOKENS = 3_000;

/** The widest document allowed: 300 selections, all the same field (the square that validation pays for repeats). */
export const widest = (seq: number) => `query Wide${seq} { products(first: 1) { edges { node { ${'name '.repeat(MAX_SELECTIONS - 3)} } } } }`;

/** Nested and multiplied to just under the cost limit (20,000): pages of products with pages of their reviews. */
export const costliest = (seq: number) =>
  `query Costly${seq} { products(first: 40) { edges { node { id name price { amount currency } reviews(first: 40) { edges { node { id rating body } } } } } } }`;

/** Almost as many tokens as allowed, then no closing brace: parsed to the end and refused. */
export const unparseable = (seq: number) => `query Broken${seq} { ${'a '.repeat(MAX_TOKENS - 10)}`;

const KINDS = { widest, costliest, unparseable };

/** What a hostile client sends next: the three kinds in turn, or only BENCH_HOSTILE_KIND. */
export function hostileDocument(seq: number): string {
  const only = process.env.BENCH_HOSTILE_KIND as keyof typeof KINDS | undefined;
  if (only && !KINDS[only]) throw new Error(`BENCH_HOSTILE_KIND must be one of ${Object.keys(KINDS).join(', ')}`);
  return (only ? KINDS[only] : Object.values(KINDS)[seq % 3])(seq);
}

/** A valid operation of its own for each `seq`, small or as wide as allowed in turn: what the router keeps per document grows with them unless bounded. */
export const distinctOperation = (seq: number) =>
  seq % 2 === 0 ? `query Distinct${seq} { products(first: ${1 + (seq % 20)}) { edges { node { id name slug } } } }` : widest(seq);

/** The customer's page: a category's products with prices, stock and their own wishlist flags (a private answer). */
export const CUSTOMER_PAGE =
  'query CustomerPage { products(first: 20) { edges { node { id name slug price { amount currency } inStock rating { average count } wishlisted } } } }';
