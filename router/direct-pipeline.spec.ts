import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastPath, ServiceRequest } from '../runtime/http-service';
import { createLogger } from '../runtime/logger';
import type { FastPathNote } from './cache/fast-path';
import type { RouterContext } from './context';
import { withDirectPipeline } from './direct-pipeline';
import type { UpfrontCharge } from './protection/upfront-budget';

const ORDINARY = 'query Who { caller }';
const schema = buildSchema('type Query { caller: String! }');
const logger = createLogger('test', 'silent');

/** One request through a router-like edge: the cache's fast path (it leaves `note`), then the direct pipeline, else "Express". */
describe('the direct pipeline of queries the cache did not answer', () => {
  let apollo: ApolloServer<RouterContext>;
  let server: Server;
  let url: string;
  let note: Partial<FastPathNote> | undefined;
  let charged: UpfrontCharge;
  const charges: Array<{ operations: unknown[]; clientAddress: string }> = [];
  const contexts: Array<{ paidUpFront: boolean }> = [];

  beforeAll(async () => {
    apollo = new ApolloServer<RouterContext>({
      schema,
      rootValue: { caller: (_args: unknown, context: RouterContext) => `${context.clientAddress} paid:${String(context.paidUpFront)}` },
    });
    await apollo.start();
    // What the cache's fast path does on a miss: reads the body and leaves what it learnt on the request.
    const cacheMiss: FastPath = async (req, _res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        (req as { fastPath?: unknown }).fastPath = { body: undefined, unreadable: true };
        return undefined;
      }
      if (note) (req as { fastPath?: unknown }).fastPath = { body, ...note };
      return undefined;
    };
    const edge = withDirectPipeline(cacheMiss, {
      apollo: () => apollo,
      ordinaryDocuments: { has: (query) => query === ORDINARY },
      chargeBudget: async (operations, _authorization, clientAddress, res) => {
        charges.push({ operations, clientAddress });
        if (charged === 'refused') res.writeHead(429).end('refused');
        return charged;
      },
      clientAddress: () => '198.51.100.9',
      context: async (_req, requestLogger, paidUpFront) => {
        contexts.push({ paidUpFront });
        return { requestId: 'r', logger: requestLogger, identity: null, clientAddress: '198.51.100.9', arrivedAt: 0, paidUpFront };
      },
      logger,
    });
    server = createServer((req, res) => {
      const request: ServiceRequest = Object.assign(req, { requestId: 'request-1' });
      void edge(request, res).then((answered) => {
        if (!answered) res.writeHead(299).end('went on to Express');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await apollo.stop();
  });

  const send = async (body: string, leave: Partial<FastPathNote> | null = {}, charge: UpfrontCharge = 'paid') => {
    note = leave ?? undefined;
    charged = charge;
    charges.length = 0;
    contexts.length = 0;
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, text: await response.text(), requestId: response.headers.get('x-request-id') };
  };
  const ordinary = JSON.stringify({ query: ORDINARY });

  it('runs an ordinary query through Apollo, spending its budget up front once, by the client address', async () => {
    const answer = await send(ordinary);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ data: { caller: '198.51.100.9 paid:true' } });
    expect(answer.requestId).toBe('request-1');
    expect(charges).toEqual([{ operations: [{ query: ORDINARY }], clientAddress: '198.51.100.9' }]);
    expect(contexts).toEqual([{ paidUpFront: true }]);
  });

  it('spends nothing more for a query whose budget the fast path spent, and leaves the pipeline to count when the limiter failed', async () => {
    expect(JSON.parse((await send(ordinary, { rateLimit: { spent: true } })).text).data.caller).toBe('198.51.100.9 paid:false');
    expect(charges).toEqual([]);
    expect(JSON.parse((await send(ordinary, {}, 'unpaid')).text).data.caller).toBe('198.51.100.9 paid:false');
    expect(charges).toHaveLength(1);
  });

  it('runs nothing for a caller past the budget: the charge answered the refusal', async () => {
    expect(await send(ordinary, {}, 'refused')).toMatchObject({ status: 429, text: 'refused' });
    expect(contexts).toEqual([]);
  });

  it("leaves to Express, spending nothing, what one of Express's steps would stop or change", async () => {
    const deep = { query: ORDINARY, variables: {} as Record<string, unknown> };
    let nested: Record<string, unknown> = deep.variables;
    for (let i = 0; i < 200; i += 1) nested = nested.next = {};
    const wentOn = [
      await send(JSON.stringify({ query: 'query Other { caller }' })), // a document not found ordinary (heavy, new)
      await send(JSON.stringify([{ query: ORDINARY }])), // a batch
      await send(JSON.stringify(deep)), // input nested past the limit
      await send(JSON.stringify({ operationName: 'Who' })), // no document (a persisted query's hash)
      await send('{ not json'), // no JSON
      await send(ordinary, null), // nothing learnt by the fast path (a body it did not read)
      await send(ordinary, { rateLimit: { refusal: new Error('past the budget') } }), // the pipeline answers the refusal
    ];
    expect(wentOn.map((answer) => answer.status)).toEqual([299, 299, 299, 299, 299, 299, 299]);
    expect(charges).toEqual([]);
    expect(contexts).toEqual([]);
  });
});
