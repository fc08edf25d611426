// Metrics name operations and internals: every service serves them on a port of its own (METRICS_PORT), never
// on its public port, which answers 404 for /metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appServiceSpecs } from '../support/service-env';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';

describe('the metrics port', () => {
  it('defaults to a port of its own per service, apart from every public port, so services side by side do not collide', () => {
    const specs = appServiceSpecs().filter((spec) => spec.port !== undefined);
    const metricsPorts = specs.map((spec) => spec.metricsPort);
    expect(metricsPorts.every((port) => Number.isInteger(port))).toBe(true);
    expect(new Set(metricsPorts).size).toBe(specs.length);
    for (const spec of specs) expect(specs.map((other) => other.port)).not.toContain(spec.metricsPort);
    expect(specs.find((spec) => spec.name === 'router')?.metricsPort).toBe(9000);
    for (const spec of specs) expect(spec.variables, spec.name).toEqual(expect.arrayContaining(['METRICS_PORT', 'METRICS_HOST']));
  });

  describe('on running services', () => {
    let supergraph: RunningSupergraph;
    beforeAll(async () => {
      supergraph = await startSupergraph();
    }, 120_000);
    afterAll(() => supergraph?.stop());

    it("serves each service's metrics there, and only there: the public port refuses them", async () => {
      const services = [['router', supergraph.router] as const, ...supergraph.subgraphs];
      for (const [name, service] of services) {
        const publicPort = new URL(service.url).port;
        expect(new URL(service.metricsUrl).port, name).not.toBe(publicPort);
        const scraped = await fetch(service.metricsUrl);
        expect(scraped.status, name).toBe(200);
        expect(scraped.headers.get('content-type'), name).toMatch(/^text\/plain/);
        expect(await scraped.text(), name).toMatch(new RegExp(`^process_cpu_user_seconds_total\\{service="${name}"\\}`, 'm'));
        const refused = await fetch(service.url.replace(/\/graphql$/, '/metrics'));
        expect(refused.status, name).toBe(404);
        expect(await refused.text(), name).not.toMatch(/process_cpu|graphql_operations_total/);
        // The metrics port serves nothing else.
        for (const path of ['/graphql', '/readyz', '/'])
          expect((await fetch(service.metricsUrl.replace(/\/metrics$/, path))).status, `${name} ${path}`).toBe(404);
      }
    });
  });
});
