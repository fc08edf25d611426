import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readComposeFile } from '../support/compose-file';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';

const ROOT = join(__dirname, '..', '..');
const DASHBOARDS = join(ROOT, 'helm', 'flores-victoria', 'dashboards');
/** Series that come from outside this code: RabbitMQ's own Prometheus plugin. */
const EXTERNAL = /^rabbitmq_/;

interface Panel {
  type: string;
  title: string;
  datasource?: { uid: string };
  targets?: Array<{ expr: string; datasource?: { uid: string } }>;
}
const dashboards = readdirSync(DASHBOARDS)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, ...(JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8')) as { uid: string; title: string; panels: Panel[] }) }));
const queries = dashboards.flatMap((dashboard) => dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ dashboard, panel, target }))));

/** The metric names a PromQL expression reads (label names of `by (...)` and label matchers left out). */
function metricNames(expr: string): string[] {
  const bare = expr.replace(/\b(by|without)\s*\([^)]*\)/g, '').replace(/\{[^}]*\}/g, '{}');
  const names = [...bare.matchAll(/([a-z_:][a-z0-9_:]*)\s*(?=\{\}|\[|\s*\))/g)].map((match) => match[1]);
  return names.filter((name) => !['rate', 'sum', 'max', 'count', 'histogram_quantile'].includes(name));
}

describe('the Grafana dashboards', () => {
  it('are valid dashboards with unique uids, every query on the data source variable', () => {
    expect(dashboards.length).toBeGreaterThanOrEqual(2);
    expect(new Set(dashboards.map((dashboard) => dashboard.uid)).size).toBe(dashboards.length);
    for (const { dashboard, panel, target } of queries) {
      expect(target.datasource?.uid, `${dashboard.file}: ${panel.title}`).toBe('${datasource}');
      expect(metricNames(target.expr).length, `${dashboard.file}: ${panel.title}: ${target.expr}`).toBeGreaterThan(0);
    }
  });

  it('show what operators watch: traffic, latency and errors per operation and subgraph, cache, refusals, breakers, subscriptions, outboxes, queues, dead letters, checkout reservations', () => {
    const used = new Set(queries.flatMap(({ target }) => metricNames(target.expr)));
    for (const metric of [
      'http_request_duration_seconds_bucket',
      'graphql_operations_total',
      'graphql_operation_duration_seconds_bucket',
      'router_subgraph_request_duration_seconds_count',
      'router_subgraph_request_duration_seconds_bucket',
      'router_subgraph_breaker_state',
      'router_response_cache_total',
      'router_rate_limit_refusals_total',
      'router_operation_refusals_total',
      'router_subscriptions_open',
      'events_outbox_backlog',
      'events_queue_depth',
      'events_dead_lettered_total',
      'orders_checkout_intents',
      'orders_reservation_releases_total',
    ]) {
      expect(used, metric).toContain(metric);
    }
  });

  it('are the files both compose and the chart provision', () => {
    const grafana = readComposeFile(join(ROOT, 'docker-compose.yml')).services.grafana;
    expect(grafana.volumes).toContain('./helm/flores-victoria/dashboards:/etc/grafana/dashboards:ro');
    const template = readFileSync(join(ROOT, 'helm', 'flores-victoria', 'templates', 'grafana-dashboards.yaml'), 'utf8');
    expect(template).toContain('(.Files.Glob "dashboards/*.json").AsConfig');
  });

  describe('against the running services', () => {
    let supergraph: RunningSupergraph;
    beforeAll(async () => {
      supergraph = await startSupergraph();
    }, 120_000);
    afterAll(() => supergraph?.stop());

    it('read only metrics the router or a subgraph exposes', async () => {
      const exposed = new Set<string>();
      for (const service of [supergraph.router, ...supergraph.subgraphs.values()]) {
        const text = await (await fetch(service.metricsUrl)).text();
        for (const [, name, kind] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
          exposed.add(name);
          if (kind === 'histogram') for (const suffix of ['_bucket', '_count', '_sum']) exposed.add(name + suffix);
        }
      }
      const missing = queries.flatMap(({ panel, target }) =>
        metricNames(target.expr)
          .filter((name) => !EXTERNAL.test(name) && !exposed.has(name))
          .map((name) => `${panel.title}: ${name}`),
      );
      expect(missing).toEqual([]);
    });
  });
});
