import type { RequestHandler } from 'express';
import { Kind, GraphQLError, parse, type ASTNode, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { documentTooLarge, tooManySelections, type DomainError } from '../../runtime/errors';
import { sendRefusal } from '../../runtime/http-errors';
import type { RefusalMetrics } from './refusal-metrics';
import type { RefusedRequestBudget } from './refused-request-budget';
import { operationClassOf } from './upfront-budget';
import { documentPoints } from './work-points';

/** How big a document may be before anything validates it (validation of repeated fields grows with their square). */
export interface DocumentLimits {
  /** Lexical tokens (names, punctuation, values): graphql-js stops parsing past it. */
  maxTokens: number;
  /** Fields, fragment spreads and inline fragments written in the document (fragments counted once). */
  maxSelections: number;
}

// graphql-js's words when `maxTokens` stops the parser ("more that" in graphql 16; "more than" allowed for later ones).
const TOKEN_LIMIT_REACHED = /Document contains more th[ae][nt] \d+ tokens/;

/** The parse options of every parse of a client's document in the router: never more tokens than the limit. */
export const boundedParseOptions = (limits: DocumentLimits) => ({ maxTokens: limits.maxTokens });

/**
 * Why `query` is too big to be validated (DOCUMENT_TOO_LARGE: more tokens than allowed; TOO_MANY_SELECTIONS),
 * or undefined. A document that does not parse for another reason is left to the usual syntax error.
 */
export function documentLimitRefusal(query: string, limits: DocumentLimits, metrics?: RefusalMetrics): DomainError | undefined {
  const inspected = inspectDocument(query, limits, metrics);
  return 'refusal' in inspected ? inspected.refusal : undefined;
}

/** The selections `query` writes (0 when it does not parse), or why it is too big to be validated. */
function inspectDocument(query: string, limits: DocumentLimits, metrics?: RefusalMetrics): { selections: number; parsed: boolean } | { refusal: DomainError } {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens, noLocation: true });
  } catch (error) {
    if (!(error instanceof GraphQLError) || !TOKEN_LIMIT_REACHED.test(error.message)) return { selections: 0, parsed: false };
    metrics?.refusedOperations.inc({ code: 'DOCUMENT_TOO_LARGE' });
    return { refusal: documentTooLarge(limits.maxTokens) };
  }
  const selections = countSelections(document, limits.maxSelections + 1);
  if (selections <= limits.maxSelections) return { selections, parsed: true };
  metrics?.refusedOperations.inc({ code: 'TOO_MANY_SELECTIONS' });
  return { refusal: tooManySelections({ value: selections, limit: limits.maxSelections }) };
}

/** Fields, fragment spreads and inline fragments written in `document`, counted up to `stopAt`. */
export function countSelections(document: DocumentNode, stopAt = Number.POSITIVE_INFINITY): number {
  let count = 0;
  const pending: ASTNode[] = [...document.definitions];
  while (pending.length > 0 && count < stopAt) {
    const node = pending.pop()!;
    if (node.kind === Kind.FIELD || node.kind === Kind.FRAGMENT_SPREAD || node.kind === Kind.INLINE_FRAGMENT) count += 1;
    if ('selectionSet' in node && node.selectionSet) pending.push(...node.selectionSet.selections);
  }
  return count;
}

/** Characters of documents remembered as ordinary (a few thousand operations of the apps' size). */
const ORDINARY_DOCUMENT_CHARACTERS = 4_000_000;

/**
 * Documents found within the limits and of ordinary size (no points beyond the first): the apps send the same
 * few, and parsing each again on every request would cost more than Apollo's own (cached) work. Only what the
 * apps send is worth keeping: heavy or broken documents are measured again each time (their points pay for it),
 * so hostile variety does not churn the memo (and the collector) either. Bounded in characters.
 */
export class OrdinaryDocuments {
  private readonly known = new LRUCache<string, true>({ maxSize: ORDINARY_DOCUMENT_CHARACTERS, sizeCalculation: (_value, query) => Math.max(1, query.length) });

  /** Whether `query` was measured before and found within the limits, costing no points of its own. */
  has(query: string): boolean {
    return this.known.get(query) === true;
  }

  add(query: string): void {
    this.known.set(query, true);
  }
}

/**
 * Refuses, before Apollo parses and validates it, a request whose document (any operation of a batch; a GET's
 * too) is larger than the limits: HTTP 400 with the code. The request was counted against the caller's budget
 * before (router/protection/upfront-budget.ts), as any request is; a large document spends more of it here, for
 * its size (work-points.ts), and past the budget the answer is the rate limit's 429.
 */
export function documentLimit(
  limits: DocumentLimits,
  budget: RefusedRequestBudget,
  metrics?: RefusalMetrics,
  ordinary = new OrdinaryDocuments(),
): RequestHandler {
  return async (req, res, next) => {
    const operations: unknown[] = Array.isArray(req.body) ? req.body : [req.method === 'GET' ? req.query : req.body];
    let extraPoints = 0;
    let heaviest: string | undefined;
    for (const operation of operations) {
      const query = (operation as { query?: unknown } | undefined)?.query;
      if (typeof query !== 'string') continue;
      let points = 0;
      if (!ordinary.has(query)) {
        const measured = measureDocument(query, limits, metrics);
        if ('refusal' in measured) return sendRefusal(res, measured.refusal);
        points = measured.points;
        if (points === 0 && measured.parsed) ordinary.add(query);
      }
      extraPoints += points;
      if (points > 0) heaviest = query;
    }
    if (extraPoints === 0) return next();
    const overBudget = await budget.spendMoreFor(req, operationClassOf(heaviest), extraPoints).catch(() => undefined);
    if (overBudget) return budget.refuse(res, overBudget);
    next();
  };
}

/** A document within the limits, whether it parses, and the points its size spends beyond the first; or why it is refused. */
function measureDocument(query: string, limits: DocumentLimits, metrics?: RefusalMetrics): { points: number; parsed: boolean } | { refusal: DomainError } {
  const inspected = inspectDocument(query, limits, metrics);
  return 'refusal' in inspected ? inspected : { points: documentPoints(query.length, inspected.selections), parsed: inspected.parsed };
}
