// Two services, one promise: the router keeps no answer that a catalog replica gave from before a write once every
// replica has the write, including one that missed the write's announcement and caught it up from the store.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadRouterConfig } from '../../router/config';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { CREATE_PRODUCT } from '../../subgraphs/catalog/catalog.test-support';
import { catalogSubgraphEnv } from '../../subgraphs/catalog/config';
import type { CatalogProviders } from '../../subgraphs/catalog/context';
import { catalogSubgraph } from '../../subgraphs/catalog/subgraph';
import { eventually } from '../support/eventually';
import { expectData, unique } from '../support/graphql';
import { startTestSubgraph } from '../support/subgraph';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testEnv } from '../support/test-env';
import { asStaff } from '../support/tokens';

const PRICE = `query($id: ID!) { product(id: $id) { id price { amountMinor } } }`;
const SET_PRICE = `mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }`;

describe("the router's cache and the catalog's replicas, as configured by default", () => {
  it("makes an invalidation again soon, and once more after a replica that missed the write's announcement caught it up", () => {
    const repeats = loadRouterConfig({}).ROUTER_CACHE_REPEAT_INVALIDATION_MS;
    const catchUpMs = z.parse(catalogSubgraphEnv.CATALOG_CATCH_UP_INTERVAL_MS, undefined);
    // A replica a few milliseconds behind.
    expect(Math.min(...repeats)).toBeLessThanOrEqual(2_000);
    // One that missed the announcement reads the write at its next catch-up; the catch-up's own queries (one per
    // change bucket) are given 2 s.
    expect(Math.max(...repeats)).toBeGreaterThanOrEqual(catchUpMs + 2_000);
  });
});

/** The router's catalog: two replicas, the writer answering mutations and the reader everything else. */
async function splitCatalog(writer: string, reader: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const { query } = JSON.parse(body.toString('utf8')) as { query: string };
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (entry): entry is [string, string] => typeof entry[1] === 'string' && !['host', 'content-length', 'connection'].includes(entry[0]),
        ),
      );
      void fetch(query.trimStart().startsWith('mutation') ? writer : reader, { method: 'POST', headers, body })
        .then(async (answer) => {
          // The answer's headers too: its Cache-Control is what lets the router keep it.
          const passed = [...answer.headers].filter(
            ([name]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive'].includes(name),
          );
          res.writeHead(answer.status, Object.fromEntries(passed));
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => res.destroy()); // a replica gone: the router sees the call fail
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("the router's cache beside a catalog replica that missed a write's announcement (real services)", () => {
  const CATCH_UP_MS = 2_000;
  const REPEATS_MS = [300, 3_500];
  let writerBroker: TcpProxy;
  let writer: StartedSubgraph<CatalogProviders>;
  let reader: StartedSubgraph<CatalogProviders>;
  let split: Awaited<ReturnType<typeof splitCatalog>>;
  let supergraph: RunningSupergraph;
  let staff: Record<string, string>;

  beforeAll(async () => {
    writerBroker = await startTcpProxy(testEnv.RABBITMQ_URL);
    writer = await startTestSubgraph(catalogSubgraph, { RABBITMQ_URL: writerBroker.url });
    reader = await startTestSubgraph(catalogSubgraph, { CATALOG_CATCH_UP_INTERVAL_MS: String(CATCH_UP_MS) });
    split = await splitCatalog(writer.url, reader.url);
    supergraph = await startSupergraph({ SUBGRAPH_CATALOG_URL: split.url, ROUTER_CACHE_REPEAT_INVALIDATION_MS: REPEATS_MS.join(',') });
    staff = await asStaff();
  });
  afterAll(async () => {
    await supergraph?.stop();
    await split?.close();
    await Promise.all([writer?.stop(), reader?.stop()]);
    await writerBroker?.down();
  });

  const priceAt = async (url: string, id: string) => (await expectData(url, PRICE, { id })).product?.price.amountMinor as number | undefined;

  it('shows the write through the router once the replica caught it up, whatever it answered meanwhile', async () => {
    const { createProduct } = await expectData(supergraph.routerUrl, CREATE_PRODUCT, { input: { name: unique('Lagging Lily'), priceMinor: 1000 } }, staff);
    const id = createProduct.id as string;
    await eventually(async () => (await priceAt(reader.url, id)) === 1000);
    expect(await priceAt(supergraph.routerUrl, id)).toBe(1000);
    // From now on the writer's announcements go nowhere: the reader learns of its writes at its catch-up alone.
    await writerBroker.down();
    // A write the reader may catch up before the first repeat is tried again: what is tested is an older answer the
    // router got after its first repeat.
    let price = 1000;
    let staleAfterFirstRepeat = false;
    let writtenAt = 0;
    for (let attempt = 0; attempt < 5 && !staleAfterFirstRepeat; attempt += 1) {
      price += 100;
      await expectData(supergraph.routerUrl, SET_PRICE, { id, input: { priceMinor: price } }, staff);
      writtenAt = Date.now();
      await new Promise((resolve) => setTimeout(resolve, REPEATS_MS[0] + 200));
      staleAfterFirstRepeat = (await priceAt(supergraph.routerUrl, id)) !== price;
    }
    expect(staleAfterFirstRepeat).toBe(true);
    await eventually(async () => (await priceAt(reader.url, id)) === price);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, writtenAt + REPEATS_MS[1] + 500 - Date.now())));
    expect(await priceAt(supergraph.routerUrl, id)).toBe(price);
  });
});
