import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddressBehind } from './client-address';

/** What Express says (`req.ip`) and what clientAddressBehind says, for one request with this X-Forwarded-For. */
async function bothAnswers(port: number, hops: number, forwardedFor: string | undefined): Promise<{ express: string; ours: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'x-hops': String(hops) };
    if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
    const req = httpRequest({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(JSON.parse(body) as { express: string; ours: string }));
    });
    req.on('error', reject);
    req.end();
  });
}

// The router's HTTP path reads Express's `req.ip`; its fast path, direct pipeline and graphql-ws read this: one
// client must be one address on all of them (its rate limits, the address subgraphs are told).
describe("the client's address behind the router's proxies", () => {
  const servers = new Map<number, { server: Server; port: number }>();
  beforeAll(async () => {
    for (const hops of [0, 1, 2, 3]) {
      const app = express();
      app.set('trust proxy', hops);
      app.get('/', (req, res) => void res.json({ express: req.ip, ours: clientAddressBehind(req, hops) }));
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      servers.set(hops, { server, port: (server.address() as AddressInfo).port });
    }
  });
  afterAll(async () => {
    await Promise.all([...servers.values()].map(({ server }) => new Promise((resolve) => server.close(resolve))));
  });

  it('is the address Express works out, for every number of trusted proxies and every shape of header', async () => {
    const headers = [
      undefined,
      '',
      '203.0.113.5',
      '203.0.113.5, 198.51.100.7',
      ' 203.0.113.5 ,198.51.100.7 ,  192.0.2.1',
      '203.0.113.5,,198.51.100.7',
      'not an address, 198.51.100.7',
      '2001:db8::1, 198.51.100.7',
    ];
    for (const [hops, { port }] of servers) {
      for (const header of headers) {
        const { express: expected, ours } = await bothAnswers(port, hops, header);
        expect({ hops, header, address: ours }).toEqual({ hops, header, address: expected });
      }
    }
  });
});
