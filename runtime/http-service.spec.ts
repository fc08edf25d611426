import { gzipSync } from 'node:zlib';
import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../test/support/eventually';
import { graphql } from '../test/support/graphql';
import { metricValue } from '../test/support/metrics';
import { startGraphQLService, type RunningService, type ServiceRequest } from './http-service';
import { createLogger } from './logger';
import { Metrics } from './metrics';

const schema = buildSchema('type Query { slow(ms: Int!): String! }');
const rootValue = { slow: ({ ms }: { ms: number }) => new Promise((resolve) => setTimeout(() => resolve('done'), ms)) };

type Path = 'through Express' | 'straight to Apollo';

function start(
  readiness: Array<{ name: string; check: () => Promise<unknown> }> = [],
  logger = createLogger('test', 'silent'),
  path: Path = 'through Express',
): Promise<RunningService> {
  const context = async (req: ServiceRequest) => ({ requestId: req.requestId });
  return startGraphQLService({
    name: 'test',
    port: 0,
    metricsPort: 0,
    logger,
    metrics: new Metrics('test'),
    readiness,
    createApollo: (plugins) => new ApolloServer({ schema, rootValue, plugins }),
    ...(path === 'straight to Apollo' ? { directContext: context } : { context }),
  });
}

// Every service answers POST /graphql the same way on either path: the subgraphs' goes straight to Apollo.
describe.each<Path>(['through Express', 'straight to Apollo'])('the shared HTTP service, POST /graphql %s', (path) => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('lets an in-flight request finish when stopped, then refuses new connections', async () => {
    service = await start([], undefined, path);
    const inFlight = graphql(service.url, '{ slow(ms: 400) }');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = service.stop();
    const response = await inFlight;
    expect(response.data).toEqual({ slow: 'done' });
    await stopped;
    await expect(fetch(service.url.replace('/graphql', '/healthz'))).rejects.toThrow();
  });

  it('logs each request with the path it was sent to (POST /graphql, not the mounted remainder)', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    service = await start([], logger, path);
    await graphql(service.url, '{ slow(ms: 1) }');
    await fetch(service.url.replace('/graphql', '/healthz'));
    await eventually(async () => lines.filter((line) => line.msg === 'request').length === 2, 5_000); // logged on 'finish'
    const requests = lines.filter((line) => line.msg === 'request').map(({ method, path, status }) => ({ method, path, status }));
    expect(requests).toEqual([
      { method: 'POST', path: '/graphql', status: 200 },
      { method: 'GET', path: '/healthz', status: 200 },
    ]);
  });

  it('keeps a well-formed incoming request id and replaces a forged-looking one', async () => {
    service = await start([], undefined, path);
    const kept = await graphql(service.url, '{ slow(ms: 1) }', {}, { 'x-request-id': 'abc-12345678' });
    expect(kept.headers.get('x-request-id')).toBe('abc-12345678');
    const replaced = await graphql(service.url, '{ slow(ms: 1) }', {}, { 'x-request-id': 'bad id\twith spaces' });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('counts requests and operations in /metrics, once each, served on the metrics port only', async () => {
    service = await start([], undefined, path);
    await graphql(service.url, 'query Named { slow(ms: 1) }');
    expect(new URL(service.metricsUrl).port).not.toBe(String(service.port));
    const metrics = await (await fetch(service.metricsUrl)).text();
    expect(metrics).toMatch(/graphql_operations_total\{[^}]*type="query"[^}]*name="Named"[^}]*outcome="success"[^}]*\} 1\n/);
    expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*method="POST"[^}]*path="\/graphql"[^}]*status="200"[^}]*\} 1\n/);
    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect((await fetch(service.url.replace('/graphql', '/metrics'))).status).toBe(404);
    expect((await fetch(service.metricsUrl.replace('/metrics', '/graphql'))).status).toBe(404);
  });

  it('names every error with the request id, refusals before Apollo included', async () => {
    service = await start([], undefined, path);
    const failed = await graphql(service.url, '{ slow }', {}, { 'x-request-id': 'support-12345678' });
    expect(failed.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', requestId: 'support-12345678' });
    // Refused by Apollo before any plugin runs: no query at all.
    const empty = await fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'support-87654321' }, body: '{}' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { errors: Array<{ extensions: object }> }).errors[0].extensions).toMatchObject({
      code: 'BAD_REQUEST',
      requestId: 'support-87654321',
    });
    const unreadable = await fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(((await unreadable.json()) as { errors: Array<{ extensions: { requestId: string } }> }).errors[0].extensions.requestId).toBe(
      unreadable.headers.get('x-request-id'),
    );
  });

  it('answers what is not one operation in UTF-8 JSON within the limits as Express does: decoded, inflated, or refused with its code', async () => {
    service = await start([], undefined, path);
    const post = async (body: string | Buffer, headers: Record<string, string> = {}) => {
      const response = await fetch(service!.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      const answer = (await response.json()) as { data?: unknown; errors?: Array<{ extensions: { code: string; requestId?: string } }> };
      expect(answer.errors?.[0].extensions.requestId ?? response.headers.get('x-request-id')).toBe(response.headers.get('x-request-id'));
      return { status: response.status, data: answer.data, code: answer.errors?.[0].extensions.code };
    };
    const nested = (depth: number): unknown => (depth === 0 ? 1 : { a: nested(depth - 1) });
    expect(await post(JSON.stringify({ query: '{ slow(ms: 1) }', variables: nested(40) }))).toMatchObject({ status: 400, code: 'INPUT_TOO_DEEP' });
    expect(await post('"{ slow(ms: 1) }"')).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    expect(await post(JSON.stringify({ query: `{ slow(ms: 1) } #${'x'.repeat(1_100_000)}` }))).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const utf16 = Buffer.from(JSON.stringify({ query: '{ slow(ms: 1) }' }), 'utf16le');
    expect(await post(utf16, { 'content-type': 'application/json; charset=utf-16le' })).toEqual({ status: 200, data: { slow: 'done' }, code: undefined });
    expect(await post(gzipSync(JSON.stringify({ query: '{ slow(ms: 1) }' })), { 'content-encoding': 'gzip' })).toEqual({
      status: 200,
      data: { slow: 'done' },
      code: undefined,
    });
    // Batches are off (Apollo's default): refused by Apollo on either path.
    expect(await post(JSON.stringify([{ query: '{ slow(ms: 1) }' }]))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });
});

describe('the shared HTTP service, started straight to Apollo', () => {
  it('refuses to start with steps before GraphQL, which only Express runs', async () => {
    const started = startGraphQLService({
      name: 'test',
      port: 0,
      metricsPort: 0,
      logger: createLogger('test', 'silent'),
      metrics: new Metrics('test'),
      readiness: [],
      createApollo: (plugins) => new ApolloServer({ schema, rootValue, plugins }),
      directContext: async (req: ServiceRequest) => ({ requestId: req.requestId }),
      beforeGraphQL: [(_req, _res, next) => next()],
    });
    await expect(started).rejects.toThrow(/steps before GraphQL/);
  });
});

describe('the shared HTTP service, health and readiness', () => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('is ready only when every check answers, naming the one that failed', async () => {
    let databaseUp = true;
    service = await start([
      { name: 'postgresql', check: async () => (databaseUp ? 'ok' : Promise.reject(new Error('connection refused'))) },
      { name: 'redis', check: async () => 'PONG' },
    ]);
    const readyz = service.url.replace('/graphql', '/readyz');
    expect((await fetch(readyz)).status).toBe(200);
    databaseUp = false;
    const response = await fetch(readyz);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', checks: { postgresql: 'failed: connection refused', redis: 'ok' } });
    expect((await fetch(service.url.replace('/graphql', '/healthz'))).status).toBe(200);
  });

  it('reports readiness on its metrics port as service_ready, checked at each scrape, 0 while draining', async () => {
    let databaseUp = true;
    service = await start([{ name: 'postgresql', check: async () => (databaseUp ? 'ok' : Promise.reject(new Error('connection refused'))) }]);
    const ready = async () => metricValue(service!.metricsUrl, 'service_ready');
    expect(await ready()).toBe(1);
    databaseUp = false;
    expect(await ready()).toBe(0);
    databaseUp = true;
    expect(await ready()).toBe(1);
    // Stopping drains in-flight requests first; meanwhile the metrics port still answers, not ready.
    const inFlight = graphql(service.url, '{ slow(ms: 600) }');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = service.stop();
    expect(await ready()).toBe(0);
    await inFlight;
    await stopped;
  });

  it('says only which readiness check failed when in production', async () => {
    const failing = [{ name: 'store', check: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432')) }];
    service = await startGraphQLService({
      name: 'test',
      port: 0,
      metricsPort: 0,
      production: true,
      logger: createLogger('test', 'silent'),
      metrics: new Metrics('test'),
      readiness: failing,
      createApollo: (plugins) => new ApolloServer({ schema, rootValue, plugins }),
      context: async (req) => ({ requestId: req.requestId }),
    });
    const response = await fetch(service.url.replace('/graphql', '/readyz'));
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'unavailable', checks: { store: 'failed' } });
  });
});
