import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopClient } from './shop-client';

const operation = { name: 'Probe', text: 'query Probe { __typename }' };

describe('ShopClient', () => {
  let server: Server;
  let url: string;
  const seen: Array<{ address: string | undefined; body: string; authorization: string | undefined }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ address: req.socket.remoteAddress, body, authorization: req.headers.authorization });
        const { variables } = JSON.parse(body) as { variables: { answer: string } };
        if (variables.answer === 'shed')
          res
            .writeHead(503, { 'retry-after': '2', 'content-type': 'application/json' })
            .end('{"errors":[{"message":"busy","extensions":{"code":"SERVICE_OVERLOADED"}}]}');
        else if (variables.answer === 'slow') setTimeout(() => res.end('{"data":{}}'), 3_000);
        else if (variables.answer === 'html') res.writeHead(502).end('<html>bad gateway</html>');
        else
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end('{"data":{"__typename":"Query"},"errors":[{"message":"x","extensions":{"code":"OUT_OF_STOCK"}}]}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends from the shopper's own loopback address, with its token and the operation name", async () => {
    const client = new ShopClient(url, '127.0.3.7', { authorization: 'Bearer t' });
    const exchange = await client.send(operation, { answer: 'data' });
    await client.close();
    expect(seen.at(-1)).toMatchObject({ address: '127.0.3.7', authorization: 'Bearer t' });
    expect(JSON.parse(seen.at(-1)!.body)).toMatchObject({ operationName: 'Probe', query: operation.text });
    expect(exchange).toMatchObject({ status: 200, retryAfter: false, codes: ['OUT_OF_STOCK'], data: { __typename: 'Query' } });
  });

  it('reports refusals with Retry-After, pages that are not JSON, timeouts and refused connections', async () => {
    // undici's header and body timers tick about every half second: a 500 ms timeout fires within about a second.
    const client = new ShopClient(url, '127.0.3.8', {}, 500);
    expect(await client.send(operation, { answer: 'shed' })).toMatchObject({ status: 503, retryAfter: true, codes: ['SERVICE_OVERLOADED'] });
    expect(await client.send(operation, { answer: 'html' })).toMatchObject({ status: 502, codes: [] });
    expect(await client.send(operation, { answer: 'slow' })).toMatchObject({ status: 0, failure: 'timeout' });
    await client.close();
    const nobody = new ShopClient('http://127.0.0.1:1/graphql', '127.0.3.9', {});
    expect(await nobody.send(operation, {})).toMatchObject({ status: 0, failure: 'socket error' });
    await nobody.close();
  });
});
