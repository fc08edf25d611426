import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/logger';
import { scriptedSubgraph, sendJson, type ScriptedSubgraph } from '../../test/support/scripted-subgraph';
import { resilienceEnv, subgraphTimeoutOverrides } from './resilience-env';
import { performance } from 'node:perf_hooks';
import { EXPECTED_TIMEOUT_HEADER } from '../../runtime/subgraph/answer-deadline';
import { ARRIVED_AT_HEADER, MUTATION_CALL_HEADER, PRIORITY_CALL_HEADER } from './subgraph-fetcher';
import { SubgraphResilience } from './subgraph-resilience';

const logger = createLogger('t', 'silent');
const ok = { data: { ok: true } };
const started: Array<{ stop: () => Promise<unknown> } | { close: () => Promise<unknown> }> = [];

afterEach(async () => {
  for (const one of started.splice(0)) await ('stop' in one ? one.stop() : one.close());
});

function resilience(env: Record<string, string> = {}) {
  const settings = { SUBGRAPH_RETRY_BASE_MS: '5', SUBGRAPH_RETRY_MAX_MS: '20', ...env };
  const registry = new Registry();
  const subject = new SubgraphResilience({ ...loadConfig(resilienceEnv, settings), subgraphTimeouts: subgraphTimeoutOverrides(settings) }, registry, logger);
  started.push(subject);
  const breakerState = async (subgraph: string) =>
    (await registry.getSingleMetric('router_subgraph_breaker_state')!.get()).values.find((value) => value.labels.subgraph === subgraph)?.value;
  return { subject, breakerState };
}

async function server(answer: Parameters<typeof scriptedSubgraph>[0]): Promise<ScriptedSubgraph> {
  const subgraph = await scriptedSubgraph(answer);
  started.push(subgraph);
  return subgraph;
}

const query = (headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: '{"query":"{ ok }"}',
});
/** A query of a request that arrived at `arrivedAt` (performance.now()), as the data source sends it. */
const queryOfRequest = (arrivedAt: number, headers: Record<string, string> = {}) => query({ [ARRIVED_AT_HEADER]: String(arrivedAt), ...headers });
const mutation = () => query({ [MUTATION_CALL_HEADER]: '1' });
const failFirst = (res: Parameters<Parameters<typeof scriptedSubgraph>[0]>[1], call: number) =>
  call === 1 ? sendJson(res, 503, { errors: [{ message: 'starting' }] }) : sendJson(res, 200, ok);

describe('subgraph calls', () => {
  it('retries a query that got a 5xx, with the answer of the retry', async () => {
    const subgraph = await server((call, res) => failFirst(res, call));
    const fetch = resilience().subject.fetcherFor('reviews');
    const response = await fetch(subgraph.url, query());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(ok);
    expect(subgraph.calls).toHaveLength(2);
  });

  it('never retries a mutation, and does not send the marker on', async () => {
    const subgraph = await server((call, res) => failFirst(res, call));
    const fetch = resilience().subject.fetcherFor('reviews');
    const response = await fetch(subgraph.url, mutation());
    expect(response.status).toBe(503);
    expect(subgraph.calls).toHaveLength(1);
    expect(subgraph.calls[0].headers[MUTATION_CALL_HEADER]).toBeUndefined();
  });

  it('times a call out per subgraph (SUBGRAPH_<NAME>_TIMEOUT_MS), naming the subgraph, and does not try a stalled one again', async () => {
    const subgraph = await server(() => {}); // never answers
    const fetch = resilience({ SUBGRAPH_RETRIES: '1', SUBGRAPH_REVIEWS_TIMEOUT_MS: '100' }).subject.fetcherFor('reviews');
    const startedAt = Date.now();
    const error = await fetch(subgraph.url, query()).catch((thrown) => thrown);
    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(error.message).toBe('Subgraph "reviews" is unavailable: no answer within 100 ms');
    expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'reviews' });
    expect(subgraph.calls).toHaveLength(1); // a retry would double the caller's wait on a stalled subgraph
  });

  it("tells each subgraph how long it waits for a call's answer (x-expected-timeout-ms, the subgraph's own timeout), whatever the client sent", async () => {
    const subgraph = await server((_call, res) => sendJson(res, 200, ok));
    const { subject } = resilience({ SUBGRAPH_TIMEOUT_MS: '4000', SUBGRAPH_ORDERS_TIMEOUT_MS: '9000' });
    await subject.fetcherFor('orders')(subgraph.url, mutation());
    await subject.fetcherFor('catalog')(subgraph.url, query({ [EXPECTED_TIMEOUT_HEADER]: '1' }));
    expect(subgraph.calls.map((call) => call.headers[EXPECTED_TIMEOUT_HEADER])).toEqual(['9000', '4000']);
  });

  it('sends identical queries in flight once, but every mutation and every other caller on its own', async () => {
    const subgraph = await server((_call, res) => setTimeout(() => sendJson(res, 200, ok), 100));
    const fetch = resilience().subject.fetcherFor('catalog');
    const arrived = performance.now();
    const shared = await Promise.all([
      fetch(subgraph.url, queryOfRequest(arrived, { 'x-request-id': 'req-1' })),
      fetch(subgraph.url, queryOfRequest(arrived, { 'x-request-id': 'req-2' })),
    ]);
    expect(await Promise.all(shared.map((response) => response.json()))).toEqual([ok, ok]);
    expect(subgraph.calls).toHaveLength(1);
    await Promise.all([
      fetch(subgraph.url, queryOfRequest(arrived, { authorization: 'Bearer a' })),
      fetch(subgraph.url, queryOfRequest(arrived, { authorization: 'Bearer b' })),
    ]);
    expect(subgraph.calls).toHaveLength(3);
    await Promise.all([fetch(subgraph.url, mutation()), fetch(subgraph.url, mutation())]);
    expect(subgraph.calls).toHaveLength(5);
    // Without an arrival time (the gateway's own calls) nothing is shared.
    await Promise.all([fetch(subgraph.url, query()), fetch(subgraph.url, query())]);
    expect(subgraph.calls).toHaveLength(7);
    expect(subgraph.calls.every((call) => call.headers[ARRIVED_AT_HEADER] === undefined)).toBe(true);
  });

  it('never lets a request join a call sent before it arrived: that answer may predate its own write', async () => {
    // The subgraph answers with the value it holds when the call reaches it; a write lands between two requests.
    let value = 'before';
    const subgraph = await server((_call, res) => {
      const read = value;
      setTimeout(() => sendJson(res, 200, { data: { ok: read } }), 150);
    });
    const fetch = resilience().subject.fetcherFor('catalog');
    const first = fetch(subgraph.url, queryOfRequest(performance.now()));
    await new Promise((resolve) => setTimeout(resolve, 50)); // the first call is in flight, with the old value
    value = 'after'; // the write, acknowledged before the second request arrives
    const secondArrived = performance.now();
    const second = fetch(subgraph.url, queryOfRequest(secondArrived));
    const third = fetch(subgraph.url, queryOfRequest(secondArrived)); // arrived with the second: shares its call
    const [a, b, c] = await Promise.all([first, second, third].map(async (response) => (await response).json()));
    expect(a).toEqual({ data: { ok: 'before' } });
    expect(b).toEqual({ data: { ok: 'after' } });
    expect(c).toEqual({ data: { ok: 'after' } });
    expect(subgraph.calls).toHaveLength(2);
  });

  it('does not share calls with SUBGRAPH_DEDUPE=false', async () => {
    const subgraph = await server((_call, res) => setTimeout(() => sendJson(res, 200, ok), 50));
    const fetch = resilience({ SUBGRAPH_DEDUPE: 'false' }).subject.fetcherFor('catalog');
    const arrived = performance.now();
    await Promise.all([fetch(subgraph.url, queryOfRequest(arrived)), fetch(subgraph.url, queryOfRequest(arrived))]);
    expect(subgraph.calls).toHaveLength(2);
  });
});

describe("a subgraph's concurrency limit", () => {
  it('sheds reads past their share fast, without calling the subgraph or counting on its breaker, and lets a write through', async () => {
    const subgraph = await server((_call, res) => setTimeout(() => sendJson(res, 200, ok), 200));
    const { subject, breakerState } = resilience({
      SUBGRAPH_MAX_CONCURRENCY: '2',
      SUBGRAPH_READ_SHARE: '0.5',
      SUBGRAPH_READ_WAIT_MS: '20',
      SUBGRAPH_MAX_WAITING: '0',
      SUBGRAPH_BREAKER_MIN_CALLS: '2',
    });
    const fetch = subject.fetcherFor('catalog');
    const arrived = performance.now();
    const slow = fetch(subgraph.url, queryOfRequest(arrived, { authorization: 'Bearer one' }));
    const startedAt = Date.now();
    const shed = await Promise.all(
      [2, 3, 4].map((n) => fetch(subgraph.url, queryOfRequest(arrived, { authorization: `Bearer ${n}` })).catch((thrown) => thrown)),
    );
    expect(Date.now() - startedAt).toBeLessThan(150);
    for (const error of shed) expect(error.extensions).toEqual({ code: 'SUBGRAPH_BUSY', serviceName: 'catalog', retryAfterSeconds: 1 });
    const write = await fetch(subgraph.url, mutation());
    expect(write.status).toBe(200);
    // The router's own calls (a live update's event) take a write's place in line, and the marker stays here.
    const own = await fetch(subgraph.url, queryOfRequest(arrived, { [PRIORITY_CALL_HEADER]: '1', authorization: 'Bearer own' }));
    expect(own.status).toBe(200);
    expect((await slow).status).toBe(200);
    expect(subgraph.calls).toHaveLength(3);
    expect(subgraph.calls.some((call) => call.headers[PRIORITY_CALL_HEADER] !== undefined)).toBe(false);
    expect(await breakerState('catalog')).toBe(0);
  });
});

describe("a subgraph's circuit breaker", () => {
  it('opens after failures, fails fast while open, half-opens after the reset time and closes on a good probe', async () => {
    let healthy = false;
    const subgraph = await server((_call, res) => sendJson(res, healthy ? 200 : 503, healthy ? ok : { errors: [{ message: 'down' }] }));
    const { subject, breakerState } = resilience({ SUBGRAPH_RETRIES: '0', SUBGRAPH_BREAKER_MIN_CALLS: '3', SUBGRAPH_BREAKER_RESET_MS: '300' });
    const fetch = subject.fetcherFor('reviews');
    expect(await breakerState('reviews')).toBe(0);
    for (let call = 0; call < 3; call++) expect((await fetch(subgraph.url, query())).status).toBe(503);
    expect(await breakerState('reviews')).toBe(2);

    const refused = await fetch(subgraph.url, query()).catch((thrown) => thrown);
    expect(refused.message).toBe('Subgraph "reviews" is unavailable: its circuit breaker is open');
    expect(refused.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'reviews' });
    expect(subgraph.calls).toHaveLength(3); // refused without a call

    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await breakerState('reviews')).toBe(1);
    expect((await fetch(subgraph.url, query())).status).toBe(200);
    expect(await breakerState('reviews')).toBe(0);
    expect(subgraph.calls).toHaveLength(4);
  });

  it('opens again when the half-open probe fails, and keeps other subgraphs closed', async () => {
    const subgraph = await server((_call, res) => sendJson(res, 502, { errors: [{ message: 'down' }] }));
    const { subject, breakerState } = resilience({ SUBGRAPH_RETRIES: '0', SUBGRAPH_BREAKER_MIN_CALLS: '2', SUBGRAPH_BREAKER_RESET_MS: '200' });
    const fetch = subject.fetcherFor('reviews');
    subject.fetcherFor('catalog');
    for (let call = 0; call < 2; call++) await fetch(subgraph.url, query());
    expect(await breakerState('reviews')).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await breakerState('reviews')).toBe(1);
    expect((await fetch(subgraph.url, query())).status).toBe(502);
    expect(await breakerState('reviews')).toBe(2);
    expect(await breakerState('catalog')).toBe(0);
  });
});
