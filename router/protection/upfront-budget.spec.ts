import type { Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { DomainError } from '../../runtime/errors';
import type { RouterRateLimiter } from './rate-limits';
import { chargeUpFront, operationClassOf, paidUpFront, upfrontBudget } from './upfront-budget';

/** A limiter that records its calls; `refuse` makes every consume the rate limit's refusal. */
function fakeLimiter(refuse = false) {
  const consume = vi.fn(async (..._args: Parameters<RouterRateLimiter['consume']>) => {
    if (refuse) throw new DomainError('TOO_MANY_ATTEMPTS', 'Too many queries', { retryAfterSeconds: 42, limit: 3, http: { status: 429 } });
  });
  const refund = vi.fn();
  return { limiter: { consume, refund } as unknown as RouterRateLimiter, consume, refund };
}

function request(body: unknown, extra: Partial<Request> = {}): Request {
  return { method: 'POST', body, query: {}, headers: {}, ip: '192.0.2.7', socket: {}, ...extra } as unknown as Request;
}

/** Runs the check on `req`: whether it went on, and what it answered otherwise. */
async function run(limiter: RouterRateLimiter, req: Request, identity: { accountId: string } | null = null) {
  const answer = { status: 0, headers: {} as Record<string, unknown>, body: '' };
  const res = {
    getHeader: () => undefined,
    setHeader: (name: string, value: unknown) => void (answer.headers[name] = value),
    writeHead(status: number) {
      answer.status = status;
      return this;
    },
    end: (body: string) => void (answer.body = body),
  } as unknown as Response;
  let wentOn = false;
  await upfrontBudget(chargeUpFront(limiter, async () => identity as never))(req, res, () => void (wentOn = true));
  return { wentOn, answer };
}

describe('counting every request up front', () => {
  it('counts a request in one call to the limiter, reading nothing else, and marks it paid', async () => {
    const { limiter, consume, refund } = fakeLimiter();
    const req = request({ query: '{ products(first: 1) { edges { node { id } } } }' });
    expect((await run(limiter, req)).wentOn).toBe(true);
    expect(consume.mock.calls).toEqual([['query', undefined, '192.0.2.7', 1]]);
    expect(refund).not.toHaveBeenCalled();
    expect(paidUpFront(req)).toBe(true);
  });

  it('counts a batch by the class each document names, a signed-in caller by account', async () => {
    const { limiter, consume } = fakeLimiter();
    const batch = [{ query: 'mutation { a }' }, { query: '{ b }' }, { query: '# a comment first\nmutation M { c }' }, { extensions: { persistedQuery: {} } }];
    await run(limiter, request(batch), { accountId: 'account-1' });
    expect(consume.mock.calls).toEqual([
      ['query', 'account-1', '192.0.2.7', 2],
      ['mutation', 'account-1', '192.0.2.7', 2],
    ]);
  });

  it('counts a request without any operation (an empty batch, a body it could not read) as one query', async () => {
    for (const body of [[], undefined]) {
      const { limiter, consume } = fakeLimiter();
      await run(limiter, request(body));
      expect(consume.mock.calls).toEqual([['query', undefined, '192.0.2.7', 1]]);
    }
  });

  it('reads the document of a GET from its parameters', async () => {
    const { limiter, consume } = fakeLimiter();
    await run(limiter, request(undefined, { method: 'GET', query: { query: 'mutation { a }' } }));
    expect(consume.mock.calls).toEqual([['mutation', undefined, '192.0.2.7', 1]]);
  });

  it('answers past the budget with 429, Retry-After and TOO_MANY_ATTEMPTS, without going on', async () => {
    const { limiter } = fakeLimiter(true);
    const { wentOn, answer } = await run(limiter, request({ query: '{ a }' }));
    expect(wentOn).toBe(false);
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe('42');
    expect(JSON.parse(answer.body).errors[0].extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 42, limit: 3 });
  });

  it('leaves a request the cache fast path counted to it', async () => {
    const { limiter, consume } = fakeLimiter();
    const req = request({ query: '{ a }' }) as Request & { fastPath?: unknown };
    req.fastPath = { body: req.body, rateLimit: { spent: true } };
    expect((await run(limiter, req)).wentOn).toBe(true);
    expect(consume).not.toHaveBeenCalled();
    expect(paidUpFront(req)).toBe(false);
  });

  it('classes a document by its first word, a query unless it is `mutation`', () => {
    expect(
      ['mutation { a }', '  mutation', 'query { a }', '{ a }', 'subscription { a }', 'fragment F on Q { a } mutation { a }', '', '"', undefined, 42].map(
        operationClassOf,
      ),
    ).toEqual(['mutation', 'mutation', 'query', 'query', 'query', 'query', 'query', 'query', 'query', 'query']);
  });
});
