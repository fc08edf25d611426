// Distributed tracing across real processes (`npm test` builds first): the router and the catalog subgraph
// export their spans over OTLP/HTTP (JSON) to a tiny collector run by this test.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { SpanKind, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { spawnRouter, type RouterProcess } from '../support/router-process';
import { spawnService, type ServiceProcess } from '../support/service-process';
import { testEnv } from '../support/test-env';
import { asStaff, testKeys } from '../support/tokens';

const ROOT = join(__dirname, '..', '..');
const QUERY = 'query TracingProducts { products(first: 1) { edges { node { id name } } } }';
// The catalog answers listings from memory (its read model): a write is what reaches its store.
const WRITE = 'mutation TracingCategory($input: CreateCategoryInput!) { createCategory(input: $input) { id } }';

/** Whatever the developer's shell holds, these processes are told exactly what to do. */
const NO_TRACING = {
  OTEL_EXPORTER_OTLP_ENDPOINT: '',
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '',
  OTEL_EXPORTER_OTLP_PROTOCOL: '',
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: '',
  OTEL_TRACES_SAMPLER: '',
  OTEL_TRACES_SAMPLER_ARG: '',
  OTEL_SDK_DISABLED: '',
  OTEL_SERVICE_NAME: '',
  OTEL_RESOURCE_ATTRIBUTES: '',
};
const tracingTo = (receiver: OtlpReceiver, batchDelayMs = 100) => ({
  ...NO_TRACING,
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_BSP_SCHEDULE_DELAY: String(batchDelayMs),
});

/** A W3C traceparent of a caller's own, sampled: the router must continue its trace. */
function callerTrace() {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

async function post(url: string, headers: Record<string, string> = {}, operation: Record<string, unknown> = { query: QUERY }): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(operation) });
  const body = (await response.json()) as { data?: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

const pathOf = (span: ReceivedSpan) => span.attributes['http.target'] ?? span.attributes['url.path'];

/** The chain of parents of `span` within `spans`, nearest first. */
function ancestorsOf(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan[] {
  const chain: ReceivedSpan[] = [];
  for (let parent = spans.find((s) => s.spanId === span.parentSpanId); parent; parent = spans.find((s) => s.spanId === parent.parentSpanId)) {
    chain.push(parent);
  }
  return chain;
}

describe('tracing across the router and a subgraph', () => {
  let receiver: OtlpReceiver;
  let catalog: ServiceProcess;
  let router: RouterProcess;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const { jwksUrl } = await testKeys();
    catalog = await spawnService('subgraphs/catalog/main.js', 'catalog subgraph listening', { AUTH_JWKS_URL: jwksUrl, ...tracingTo(receiver) });
    router = await spawnRouter({
      AUTH_JWKS_URL: jwksUrl,
      SUBGRAPH_CATALOG_URL: catalog.url,
      ROUTER_RESPONSE_CACHE: 'off', // the query must reach the catalog
      ROUTER_WARM_UP_OPERATIONS: '0', // and be planned in this request
      ...tracingTo(receiver),
    });
    const readyz = router.url.replace(/\/graphql$/, '/readyz');
    await eventually(async () => (await fetch(readyz)).status === 200, 30_000);
  }, 90_000);
  afterAll(async () => {
    await router?.stop();
    await catalog?.stop();
    await receiver?.close();
  });

  it('continues the caller’s trace through the router, its gateway spans and the call into the subgraph', { timeout: 60_000 }, async () => {
    const caller = callerTrace();
    const write = { query: WRITE, variables: { input: { name: `Traced ${caller.spanId}` } } };
    await post(router.url, { traceparent: caller.traceparent, ...(await asStaff()) }, write);
    const inTrace = () => receiver.spans.filter((span) => span.traceId === caller.traceId);
    const subgraphServer = () => inTrace().find((s) => s.service === 'catalog' && s.kind === SpanKind.SERVER);
    // Each process exports on its own schedule: wait for the router's server span too, not only its gateway's.
    const routerServerSpan = () => inTrace().find((s) => s.service === 'router' && s.kind === SpanKind.SERVER);
    await eventually(async () => !!subgraphServer() && !!routerServerSpan() && inTrace().some((s) => s.name === 'gateway.request'), 20_000);
    const spans = inTrace();

    // Both services report, under their own names.
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['router', 'catalog']));

    // The router's HTTP server span is the child of the caller's span (W3C traceparent in).
    const routerServer = spans.find((s) => s.service === 'router' && s.kind === SpanKind.SERVER)!;
    expect(routerServer).toMatchObject({ parentSpanId: caller.spanId });
    expect(pathOf(routerServer)).toBe('/graphql');

    // @apollo/gateway's own spans, below the request.
    const gateway = (name: string) => spans.find((s) => s.service === 'router' && s.name === name);
    for (const name of ['gateway.request', 'gateway.validate', 'gateway.plan', 'gateway.execute', 'gateway.fetch']) {
      expect(gateway(name), name).toBeDefined();
    }
    expect(gateway('gateway.request')!.parentSpanId).toBe(routerServer.spanId);
    expect(gateway('gateway.request')!.attributes['graphql.operation.name']).toBe('TracingCategory');

    // The catalog's server span hangs off the router's outgoing call (undici), which is inside gateway.fetch.
    const server = subgraphServer()!;
    const client = spans.find((s) => s.spanId === server.parentSpanId);
    expect(client, 'the catalog span has its parent in the router').toMatchObject({ service: 'router', kind: SpanKind.CLIENT });
    expect(ancestorsOf(client!, spans).map((s) => s.name)).toEqual(expect.arrayContaining(['gateway.fetch', 'gateway.request']));
    expect(ancestorsOf(server, spans).at(-1)).toBe(routerServer);

    // And below it, the catalog's store calls.
    const storeCalls = spans.filter((s) => s.service === 'catalog' && s.scope.includes('mongodb'));
    expect(storeCalls.length).toBeGreaterThan(0);
    for (const call of storeCalls) expect(ancestorsOf(call, spans)).toContain(server);

    // The catalog's access log line for the call names the trace and its server span.
    const logged = catalog.output.flatMap((line) => {
      try {
        return [JSON.parse(line) as { msg?: string; traceId?: string; spanId?: string; path?: string }];
      } catch {
        return [];
      }
    });
    expect(logged.find((entry) => entry.msg === 'request' && entry.traceId === caller.traceId)).toMatchObject({ path: '/graphql', spanId: server.spanId });
  });

  it('starts a trace of its own for a caller without one, and leaves health checks untraced', { timeout: 30_000 }, async () => {
    const before = receiver.spans.length;
    await post(router.url);
    // Each process exports its spans on its own schedule: wait for both the catalog's and the router's.
    const isRoot = (s: ReceivedSpan) => s.service === 'router' && s.kind === SpanKind.SERVER && !s.parentSpanId;
    await eventually(
      async () => receiver.spans.slice(before).some((s) => s.service === 'catalog' && s.kind === SpanKind.SERVER) && receiver.spans.slice(before).some(isRoot),
      20_000,
    );
    const fresh = receiver.spans.slice(before);
    const root = fresh.find(isRoot)!;
    expect(root).toBeDefined();
    const subgraph = fresh.find((s) => s.service === 'catalog' && s.kind === SpanKind.SERVER)!;
    expect(subgraph.traceId).toBe(root.traceId);
    // The test polled /readyz many times: none of it is a span.
    expect(receiver.spans.filter((s) => ['/readyz', '/healthz', '/metrics'].includes(String(pathOf(s))))).toEqual([]);
  });
});

describe('tracing on shutdown', () => {
  it('exports the spans still buffered before the process exits on SIGTERM', { timeout: 60_000 }, async () => {
    const receiver = await startOtlpReceiver();
    // A batch delay far beyond the test: only the shutdown can send these spans.
    const catalog = await spawnService('subgraphs/catalog/main.js', 'catalog subgraph listening', {
      AUTH_JWKS_URL: (await testKeys()).jwksUrl,
      ...tracingTo(receiver, 600_000),
    });
    try {
      const caller = callerTrace();
      await post(catalog.url, { traceparent: caller.traceparent });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.spans).toEqual([]);
      expect(await catalog.stop()).toBe(0);
      expect(receiver.spans.find((s) => s.traceId === caller.traceId && s.kind === SpanKind.SERVER)).toMatchObject({
        service: 'catalog',
        parentSpanId: caller.spanId,
      });
    } finally {
      await catalog.stop();
      await receiver.close();
    }
  });
});

interface Probe {
  provider: string;
  httpWrapped: boolean;
  sdkModules: string[];
}

/**
 * Loads a service's main in a fresh process with this environment and reports, once every module it imports
 * is loaded: which tracer provider is registered, whether node:http was instrumented, which SDK modules loaded.
 */
function probe(main: string, env: Record<string, string>): Promise<Probe> {
  const script = `
    require(${JSON.stringify(join(ROOT, 'dist', main))});
    const { trace } = require('@opentelemetry/api');
    // The packages tracing adds (@apollo/gateway loads its own metrics SDK, core and resources anyway).
    const packages = Object.keys(require.cache).map((f) => /.*@opentelemetry[\\\\/]([^\\\\/]+)/.exec(f)?.[1]);
    console.log('PROBE ' + JSON.stringify({
      provider: trace.getTracerProvider().getDelegate().constructor.name,
      httpWrapped: require('node:http').request.__wrapped === true,
      sdkModules: [...new Set(packages.filter((p) => /^(sdk-trace|instrumentation|exporter-trace|context-async-hooks)/.test(p ?? '')))],
    }));
    process.exit(0);`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, ...testEnv, PORT: '0', ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      const line = output.split('\n').find((l) => l.startsWith('PROBE '));
      if (line) resolve(JSON.parse(line.slice('PROBE '.length)) as Probe);
      else reject(new Error(`no probe result:\n${output}`));
    });
  });
}

describe('tracing off', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => receiver?.close());

  it.each([
    ['without an OTLP endpoint', () => NO_TRACING],
    ['with OTEL_SDK_DISABLED=true', () => ({ ...tracingTo(receiver), OTEL_SDK_DISABLED: 'true' })],
  ])('%s, loads no SDK, registers no provider and hooks nothing', { timeout: 30_000 }, async (_, env) => {
    for (const main of ['router/main.js', 'subgraphs/orders/main.js']) {
      expect(await probe(main, env()), main).toEqual({ provider: 'NoopTracerProvider', httpWrapped: false, sdkModules: [] });
    }
  });

  it('with an OTLP endpoint, the same probe sees the provider and the hooks', { timeout: 30_000 }, async () => {
    const seen = await probe('subgraphs/orders/main.js', tracingTo(receiver));
    expect(seen).toMatchObject({ provider: 'NodeTracerProvider', httpWrapped: true });
    expect(seen.sdkModules).toEqual(
      expect.arrayContaining(['sdk-trace-node', 'instrumentation-http', 'instrumentation-undici', 'instrumentation-pg', 'exporter-trace-otlp-http']),
    );
  });

  it('with OTEL_SDK_DISABLED=true, a serving subgraph exports nothing', { timeout: 60_000 }, async () => {
    const own = await startOtlpReceiver();
    try {
      const catalog = await spawnService('subgraphs/catalog/main.js', 'catalog subgraph listening', {
        AUTH_JWKS_URL: (await testKeys()).jwksUrl,
        ...tracingTo(own),
        OTEL_SDK_DISABLED: 'true',
      });
      await post(catalog.url, { traceparent: callerTrace().traceparent });
      await new Promise((resolve) => setTimeout(resolve, 500)); // five batch delays
      expect(await catalog.stop()).toBe(0); // and the shutdown flushes nothing either
      expect(own.requests).toBe(0);
      const requestLines = catalog.output.filter((line) => line.includes('"msg":"request"'));
      expect(requestLines.length).toBeGreaterThan(0);
      for (const line of requestLines) expect(line).not.toContain('traceId'); // untraced: logs carry no trace
    } finally {
      await own.close();
    }
  });

  it('refuses to start with a protocol it cannot export, naming the variable', { timeout: 30_000 }, async () => {
    const started = spawnService('subgraphs/catalog/main.js', 'catalog subgraph listening', {
      ...tracingTo(receiver),
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    await expect(started).rejects.toThrow(/exited with 1[\s\S]*OTEL_EXPORTER_OTLP_PROTOCOL/);
  });
});
