import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Counter } from 'prom-client';
import { isStaff, type Identity } from '../../runtime/auth/identity';
import type { FastPath } from '../../runtime/http-service';
import { REQUEST_ID_HEADER } from '../../runtime/request-id';
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
  /** The caller's query budget was already spent for this request; or the refusal to give instead of running it. */
  rateLimit?: { spent: true } | { refusal: unknown };
}

export interface FastPathOptions {
  answers: TaggedCache;
  availability: CacheAvailability;
  limiter: RouterRateLimiter;
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
    const note = (left: FastPathNote) => void ((req as IncomingMessage & { fastPath?: FastPathNote }).fastPath = left);
    const body = await readBody(req, options.maxBodyBytes);
    if (body === undefined) return undefined; // not read: the pipeline reads (or refuses) it
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      note({ body: undefined, unreadable: true });
      return undefined;
    }
    const identity = await options.verifiedIdentity(req.headers.authorization);
    if (identity === undefined || isStaff(identity) || Array.isArray(parsed) || !availability.usable) {
      note({ body: parsed });
      return undefined;
    }
    const answerKeys = keysOf(options.keyPrefix(), body, identity);
    const candidates = answerKeys.account ? [answerKeys.account, answerKeys.shared] : [answerKeys.shared];
    // A body this router answered from its cache before is a query: its budget is spent with the lookup.
    const knownQuery = candidates.some((key) => answers.remembers(key));
    const spending = knownQuery ? spend(limiter, identity, options.clientAddress(req)) : undefined;
    let found;
    try {
      found = await answers.get(candidates);
    } catch {
      found = undefined;
    }
    const rateLimit = spending ? await spending : undefined;
    if (!found || (rateLimit && 'refusal' in rateLimit)) {
      note({ body: parsed, answerKeys, rateLimit });
      return undefined;
    }
    const spent = rateLimit ?? (await spend(limiter, identity, options.clientAddress(req)));
    if ('refusal' in spent) {
      note({ body: parsed, answerKeys, rateLimit: spent });
      return undefined;
    }
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
    return { operationName: meta.operationName };
  };
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

/** The whole body of a JSON POST whose declared length is within the limit; undefined for anything else (left unread). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> | undefined {
  const declared = Number(req.headers['content-length']);
  const type = req.headers['content-type'];
  if (!Number.isInteger(declared) || declared <= 0 || declared > maxBytes || !type?.startsWith('application/json')) return undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      chunks.push(chunk);
    });
    req.once('end', () => resolve(length === declared ? Buffer.concat(chunks, length) : Buffer.alloc(0)));
    req.once('error', reject);
  });
}
