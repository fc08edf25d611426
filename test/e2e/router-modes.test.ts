import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';

const INTROSPECTION = '{ __schema { queryType { name } } }';

describe.each([
  { mode: 'development', landingPage: true, introspection: true },
  { mode: 'production', landingPage: false, introspection: false },
])('the router in $mode', ({ mode, landingPage, introspection }) => {
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

  it('answers health, readiness and metrics', async () => {
    const base = supergraph.routerUrl.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', checks: { supergraph: 'ok' } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_count\{[^}]*service="router"/);
  });
});
