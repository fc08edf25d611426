import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { variedLoad } from './load';

describe('variedLoad', () => {
  let server: Server;
  let url: string;
  const received: Array<{ authorization: string | undefined; operationName: string; variables: string }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const { operationName, variables } = JSON.parse(body) as { operationName: string; variables: unknown };
        received.push({ authorization: req.headers.authorization, operationName, variables: JSON.stringify(variables) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('gives every connection its own customer and never sends the same variables twice, across runs', async () => {
    const customers = Array.from({ length: 5 }, (_, n) => ({ authorization: `Bearer customer-${n}` }));
    const load = variedLoad({ categoryId: 'c', priceAscCursors: ['a', 'b'] }, customers);
    for (let run = 0; run < 2; run += 1) await autocannon({ url, connections: 5, amount: 100, ...load.requests(url) });

    expect(received.length).toBe(200);
    expect(new Set(received.map((request) => request.operationName))).toEqual(new Set(['VariedCatalogPage']));
    expect(new Set(received.map((request) => request.variables)).size).toBe(200);
    expect(new Set(received.map((request) => request.authorization))).toEqual(new Set(customers.map((customer) => customer.authorization)));
  });
});
