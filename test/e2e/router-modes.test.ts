import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';

const INTROSPECTION = '{ __schema { queryType { name } } }';

describe.each([
  { mode: 'development', landingPage: true, introspection: true, stacktrace: true },
  { mode: 'production', landingPage: false, introspection: false, stacktrace: false },
])('the router in $mode', ({ mode, landingPage, introspection, stacktrace }) => {
  let supergraph: RunningSupergraph;
  beforeAll(async () => {
    supergraph = await startSupergraph({ NODE_ENV: mode });
  });
  afterAll(() => supergraph?.stop());

  it(`${landingPage ? 'serves' : 'does not serve'} the Apollo Sandbox landing page`, async () => {
    const response = await fetch(supergraph.routerUrl, { headers: { accept: 'text/html' } });
    const body = await response.text();
    expect(response.status === 200 && body.includes('embeddable-sandbox')).toBe(landingPage);
  });

  it(`${introspection ? 'allows' : 'refuses'} introspection`, async () => {
    const response = await graphql(supergraph.routerUrl, INTROSPECTION);
    expect(response.data?.__schema?.queryType?.name === 'Query').toBe(introspection);
    if (!introspection) expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it(`${stacktrace ? 'shows' : 'hides'} stack traces in errors, and answers an unreadable body as a GraphQL error`, async () => {
    const response = await graphql(supergraph.routerUrl, '{ products {');
    expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(Array.isArray(response.errors?.[0].extensions?.stacktrace)).toBe(stacktrace);
    const unreadable = await fetch(supergraph.routerUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(unreadable.status).toBe(400);
    const body = await unreadable.text();
    expect(JSON.parse(body)).toEqual({
      errors: [
        { message: 'The request body could not be read as JSON', extensions: { code: 'BAD_REQUEST', requestId: unreadable.headers.get('x-request-id') } },
      ],
    });
    expect(body).not.toMatch(/ at .*\.js/);
  });

  it('answers health and readiness, and metrics on its metrics port only', async () => {
    const base = supergraph.routerUrl.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { supergraph: 'ok' } });
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(supergraph.router.metricsUrl)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*service="router"/);
  });
});
