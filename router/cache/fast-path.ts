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
    const body = await readBody(req, options.maxBodyBytes);
    if (body === undefined) return undefined; // not read: the pipeline reads (or refuses) it
    // What the pipeline is handed when this does not answer: the body parsed (only then: a hit never parses it).
    const goOn = (learnt: Omit<FastPathNote, 'body'> = {}): undefined => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        (req as IncomingMessage & { fastPath?: FastPathNote }).fastPath = { body: undefined, unreadable: true };
        return undefined;
      }
      (req as IncomingMessage & { fastPath?: FastPathNote }).fastPath = { body: parsed, ...learnt };
      return undefined;
    };
    // A batch (a JSON array) is many operations: the pipeline's.
    if (firstCharacter(body) === ARRAY || !availability.usable) return goOn();
    const identity = await options.verifiedIdentity(req.headers.authorization);
    if (identity === undefined || isStaff(identity)) return goOn();
    // Only a body that once passed the whole pipeline was kept: a hit is a valid query, unparsed here.
    const answerKeys = keysOf(options.keyPrefix(), body, identity);
    const candidates = answerKeys.account ? [answerKeys.account, answerKeys.shared] : [answerKeys.shared];
    // A body this router answered from its cache before is a query: its budget is spent with the lookup.
    const knownQuery = candidates.some((key) => answers.remembers(key));
    const spending = knownQuery ? spend(limiter, identity, options.clientAddress(req)) : undefined;
    const found = await answers.get(candidates).catch(() => undefined);
    const rateLimit = spending ? await spending : undefined;
    if (!found || (rateLimit && 'refusal' in rateLimit)) return goOn({ answerKeys, rateLimit });
    const spent = rateLimit ?? (await spend(limiter, identity, options.clientAddress(req)));
    if ('refusal' in spent) return goOn({ answerKeys, rateLimit: spent });
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

const ARRAY = 0x5b; // [

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
