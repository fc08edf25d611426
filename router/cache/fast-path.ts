import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Counter } from 'prom-client';
import { isStaff, type Identity } from '../../runtime/auth/identity';
import type { FastPath } from '../../runtime/http-service';
import { REQUEST_ID_HEADER } from '../../runtime/request-id';
import { routerBusy } from '../../runtime/errors';
import { sendRefusal } from '../../runtime/http-errors';
import { readJsonBody } from '../../runtime/json-body';
import type { OperationAdmission } from '../protection/operation-admission';
import type { RouterRateLimiter } from '../protection/rate-limits';
import type { CacheAvailability } from './cache-availability';
import type { AnswerKeys } from './request-cache';
import { CACHE_STATUS_HEADER } from './response-cache';
import type { TaggedCache } from './tagged-cache';

/** What the fast path leaves on a request it did not answer, for the pipeline to go on from. */
export interface FastPathNote {
  /** The request body, already read and parsed (the pipeline must not read the stream again). */
  body: unknown;
  /** The body was no JSON: the service answers that (as Express would). */
  unreadable?: boolean;
  answerKeys?: AnswerKeys;
  /**
   * The epoch Redis had when the look-up missed: read after the request arrived and before any of its data, so the
   * pipeline keeps the answer under it instead of reading the epoch once more (response-cache.ts).
   */
  epochAtLookUp?: number;
  /** The caller's query budget was already spent for this request; or the refusal to give instead of running it. */
  rateLimit?: { spent: true } | { refusal: unknown };
  /** The slot the admission gave this query at the edge (released when the response ends, whatever ends it). */
  admittedAtEdge?: () => void;
}

export interface FastPathOptions {
  answers: TaggedCache;
  availability: CacheAvailability;
  limiter: RouterRateLimiter;
  /** Admits, before the pipeline, a query the router ran before (router/protection/operation-admission.ts). */
  admission: Pick<OperationAdmission, 'admitAtEdge'>;
  /** The caller's verified identity (null: anonymous); undefined when the token is refused (the pipeline answers that). */
  verifiedIdentity: (authorization: string | undefined) => Promise<Identity | null | undefined>;
  clientAddress: (req: IncomingMessage) => string;
  maxBodyBytes: number;
  /** Mixed into every key: what else decides an answer (the supergraph, the operation limits). */
  keyPrefix: () => string;
  counter: Counter<'status'>;
}

/**
 * Answers a cached query before Express and Apollo see it, from the stored bytes: the body is hashed, not
 * parsed; one round trip to Redis checks the answer's tags and, for an answer this router remembers, spends
 * the caller's rate limit in the same round trip (pipelined). Every protection still holds: only a query
 * whose exact body already passed the whole pipeline (validation, depth/alias/cost limits) was kept, under
 * keys that name the supergraph and the limits; the caller's token is verified (a refused one goes on to the
 * pipeline, which refuses it); staff never take the fast path; the rate limit is spent or refused as in the pipeline.
 * Anything else (GET, batches, an unknown token, a miss, Redis away) goes on to the pipeline with the body
 * already read (`note`).
 */
export function responseCacheFastPath(options: FastPathOptions): FastPath {
  const { answers, availability, limiter } = options;
  return async (req, res) => {
    const body = await readJsonBody(req, options.maxBodyBytes);
    if (body === undefined) return undefined; // not read: the pipeline reads (or refuses) it
    // The body parsed, only when needed (a hit never parses it); undefined when it is no JSON.
    let parsed: { value: unknown } | undefined;
    const parse = () => {
      try {
        parsed ??= { value: JSON.parse(body.toString('utf8')) };
      } catch {
        return undefined;
      }
      return parsed.value;
    };
    // What the pipeline is handed when this does not answer.
    const goOn = (learnt: Omit<FastPathNote, 'body'> = {}): undefined => {
      const value = parse();
      (req as IncomingMessage & { fastPath?: FastPathNote }).fastPath = parsed ? { body: value, ...learnt } : { body: undefined, unreadable: true };
      return undefined;
    };
    // A batch (a JSON array) is many operations: the pipeline's.
    if (firstCharacter(body) === ARRAY) return goOn();
    const identity = await options.verifiedIdentity(req.headers.authorization);
    if (identity === undefined || isStaff(identity)) return goOn();
    // Only a body that once passed the whole pipeline was kept: a hit is a valid query, unparsed here.
    const answerKeys = keysOf(options.keyPrefix(), body, identity);
    const candidates = answerKeys.account ? [answerKeys.account, answerKeys.shared] : [answerKeys.shared];
    // A body this router answered from its cache before is a query: its budget is spent with the lookup.
    const knownQuery = candidates.some((key) => answers.remembers(key));
    // A query that is no cached answer this router remembers takes its slot now, or is refused now when busy.
    let admitted = knownQuery ? undefined : await options.admission.admitAtEdge(parse());
    if (admitted === 'refused') {
      // Every request spends its budget, a refused one too; the answer does not wait for it.
      void spend(limiter, identity, options.clientAddress(req));
      res.setHeader(REQUEST_ID_HEADER, req.requestId);
      sendRefusal(res, routerBusy());
      return { operationName: operationNameOf(parsed?.value) };
    }
    // Given back when the response ends, however it ends; at once if the client left while it waited in line.
    if (admitted && res.closed) {
      admitted();
      admitted = undefined;
    } else if (admitted) res.once('close', admitted);
    if (!availability.usable) return goOn({ admittedAtEdge: admitted });
    const spending = knownQuery ? spend(limiter, identity, options.clientAddress(req)) : undefined;
    const lookup = await answers.lookUp(candidates).catch(() => undefined);
    const found = lookup?.found;
    const rateLimit = spending ? await spending : undefined;
    if (!found || (rateLimit && 'refusal' in rateLimit)) {
      return goOn({ answerKeys, rateLimit, admittedAtEdge: admitted, epochAtLookUp: lookup?.epochNow ?? undefined });
    }
    const spent = rateLimit ?? (await spend(limiter, identity, options.clientAddress(req)));
    if ('refusal' in spent) return goOn({ answerKeys, rateLimit: spent, admittedAtEdge: admitted });
    admitted?.(); // served from the cache: the slot was not needed
    options.counter.inc({ status: 'HIT' });
    const { meta, body: answer } = found.entry;
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': answer.length,
      'cache-control': meta.cacheControl ?? 'no-store',
      [CACHE_STATUS_HEADER]: 'HIT',
      [REQUEST_ID_HEADER]: req.requestId,
    });
    res.end(answer);
    return { operationName: meta.operationName, cache: 'HIT' };
  };
}

const ARRAY = 0x5b; // [

const operationNameOf = (body: unknown) => {
  const name = (body as { operationName?: unknown } | null | undefined)?.operationName;
  return typeof name === 'string' ? name : undefined;
};

/** The first byte of a JSON text that is not white space. */
function firstCharacter(body: Buffer): number | undefined {
  for (const byte of body) if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return byte;
  return undefined;
}

/** Spends one query of the caller's budget; the refusal is kept for the pipeline to give in its usual shape. */
async function spend(limiter: RouterRateLimiter, identity: Identity | null, clientAddress: string): Promise<{ spent: true } | { refusal: unknown }> {
  try {
    await limiter.consume('query', identity?.accountId, clientAddress);
    return { spent: true };
  } catch (refusal) {
    return { refusal };
  }
}

function keysOf(prefix: string, body: Buffer, identity: Identity | null): AnswerKeys {
  const base = createHash('sha256').update(prefix).update('\n').update(body).digest('base64url');
  if (!identity) return { shared: `${base}:anonymous` };
  return { shared: `${base}:members`, account: `${base}:account:${identity.accountId}` };
}
