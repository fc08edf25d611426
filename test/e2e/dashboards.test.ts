import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readComposeFile } from '../support/compose-file';
import { eventually, lastRead } from '../support/eventually';
import { expectData, unique } from '../support/graphql';
import { freePort } from '../support/free-port';
import { requireBinaries, startMonitoringProcess, startPrometheus, type MonitoringProcess, type RunningPrometheus } from '../support/monitoring';
import { addShopAddress, cancelOrder, createShopProduct } from '../support/shop';
import { subscribe, subscriptionClient, untilSubscriptionsOpen } from '../support/subscriptions';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testEnv } from '../support/test-env';
import { asCustomer, authAs } from '../support/tokens';
import { testMongoClient } from '../support/mongo-client';

const ROOT = join(__dirname, '..', '..');
const DASHBOARDS = join(ROOT, 'helm', 'flores-victoria', 'dashboards');
/** How often the test's Prometheus scrapes and evaluates; Grafana's variables as it would set them for that. */
const INTERVAL_SECONDS = 2;
/** The router, eight subgraphs, RabbitMQ's two jobs, three exporters and Prometheus itself. */
const TARGETS = 15;
const VARIABLES: Record<string, string> = { $__rate_interval: `${4 * INTERVAL_SECONDS + 2}s`, $__interval: `${INTERVAL_SECONDS}s`, $__range: '15m' };

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

/** The metric names a PromQL expression reads (label names of `by (...)`/`on (...)` and label matchers left out). */
function metricNames(expr: string): string[] {
  const bare = expr.replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '').replace(/\{[^}]*\}/g, '{}');
  const names = [...bare.matchAll(/([a-z_:][a-z0-9_:]*)\s*(?=\{\}|\[|\s*\)|\s*[-+/*]|\s*$)/g)].map((match) => match[1]);
  return names.filter((name) => !['rate', 'sum', 'max', 'min', 'count', 'histogram_quantile', 'delta', 'increase'].includes(name));
}

/** The expression as Grafana sends it: its interval variables replaced. */
const asSent = (expr: string) => Object.entries(VARIABLES).reduce((sent, [variable, value]) => sent.replaceAll(variable, value), expr);

describe('the Grafana dashboards', () => {
  it('are valid dashboards with unique uids, every query on the data source variable', () => {
    expect(dashboards.map((dashboard) => dashboard.uid).sort()).toEqual(['flores-victoria-api', 'flores-victoria-events', 'flores-victoria-shop']);
    for (const { dashboard, panel, target } of queries) {
      expect(target.datasource?.uid, `${dashboard.file}: ${panel.title}`).toBe('${datasource}');
      expect(metricNames(target.expr).length, `${dashboard.file}: ${panel.title}: ${target.expr}`).toBeGreaterThan(0);
      expect(asSent(target.expr), `${dashboard.file}: ${panel.title}: a variable Grafana would not set`).not.toContain('$');
    }
  });

  it('show what operators watch: traffic, latency, errors, CPU, memory and readiness; breakers, cache, refusals; events; store latency; the shop', () => {
    const used = new Set(queries.flatMap(({ target }) => metricNames(target.expr)));
    for (const metric of [
      'http_request_duration_seconds_bucket',
      'graphql_operations_total',
      'graphql_operation_duration_seconds_bucket',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'service_ready',
      'router_subgraph_request_duration_seconds_count',
      'router_subgraph_request_duration_seconds_bucket',
      'router_subgraph_breaker_state',
      'router_response_cache_total',
      'router_cache_deferred_keeps_total',
      'router_rate_limit_refusals_total',
      'router_operation_refusals_total',
      'router_subscriptions_open',
      'events_outbox_backlog',
      'events_queue_depth',
      'events_dead_lettered_total',
      'orders_checkout_intents',
      'orders_reservation_releases_total',
      'store_round_trip_duration_seconds_bucket',
      'pg_stat_database_numbackends',
      'redis_connected_clients',
      'mongodb_ping_duration_seconds',
      'orders_by_status',
      'orders_value_by_status',
      'cart_funnel_total',
      'cart_funnel_open',
      'reviews_by_status',
      'contact_tickets_by_status',
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

  // Prometheus (the real binary, the project's configuration and rules) scraping the services this test starts, the
  // store exporters and RabbitMQ's plugin, after some shopping; then every panel's query through its HTTP API.
  describe('evaluated by Prometheus against the running services, after some shopping', { timeout: 180_000 }, () => {
    let supergraph: RunningSupergraph;
    let prometheus: RunningPrometheus;
    const exporters: MonitoringProcess[] = [];
    let mongo: MongoClient;
    let ownDatabase: Db;
    const closing: Array<() => unknown> = [];

    beforeAll(async () => {
      requireBinaries('prometheus', 'prometheus-postgres-exporter', 'prometheus-redis-exporter');
      supergraph = await startSupergraph();
      mongo = testMongoClient();
      ownDatabase = mongo.db(`flores_test_dashboards_${process.pid}`);
      await ownDatabase.collection('bouquets').insertOne({ name: 'Lirios' });
      await ownDatabase.collection('bouquets').createIndex({ name: 1 });
      const database = new URL(testEnv.DATABASE_URL);
      const redis = new URL(testEnv.REDIS_URL);
      const [postgresPort, redisPort, mongoPort] = await Promise.all([freePort(), freePort(), freePort()]);
      exporters.push(
        await startMonitoringProcess('prometheus-postgres-exporter', [`--web.listen-address=127.0.0.1:${postgresPort}`], postgresPort, '/metrics', {
          DATA_SOURCE_NAME: `postgresql://${database.username}@${database.host}/postgres?sslmode=disable`,
        }),
        await startMonitoringProcess(
          'prometheus-redis-exporter',
          [`--redis.addr=redis://${redis.host}`, `--web.listen-address=127.0.0.1:${redisPort}`],
          redisPort,
          '/metrics',
        ),
        // The repository's own exporter, as scripts/ops.sh and compose run it.
        await startMonitoringProcess(process.execPath, [join(ROOT, 'dist', 'scripts', 'mongodb-exporter', 'main.js')], mongoPort, '/metrics', {
          MONGODB_URL: testEnv.MONGODB_URL,
          // The tests' database, and one of this test's own that no other run empties meanwhile.
          MONGODB_EXPORTER_DATABASES: `${new URL(testEnv.MONGODB_URL).pathname.slice(1)},${ownDatabase.databaseName}`,
          PORT: String(mongoPort),
          LOG_LEVEL: 'warn',
        }),
      );
      const [postgresExporter, redisExporter, mongoExporter] = exporters;
      const services = new Map([['router', supergraph.router], ...supergraph.subgraphs]);
      prometheus = await startPrometheus((target, job) => {
        const host = target.split(':')[0];
        if (job === 'flores-victoria') return new URL(services.get(host)!.metricsUrl).host;
        return {
          rabbitmq: '127.0.0.1:15692',
          'postgres-exporter': postgresExporter.address,
          'redis-exporter': redisExporter.address,
          'mongodb-exporter': mongoExporter.address,
        }[host];
      }, `${INTERVAL_SECONDS}s`);
      await shop(supergraph.routerUrl);
      // Every target scraped four times since the shopping ended: the panels' rate windows hold its figures.
      const shopped = Date.now();
      await eventually(async () => {
        const seconds = Math.ceil((Date.now() - shopped) / 1000);
        // Successful scrapes only (up is 0 for a failed one): a scrape that timed out on a busy machine does not count.
        const answer = await prometheus.query(`count(sum_over_time(up[${seconds}s]) >= 4)`);
        return Number(answer.data?.result[0]?.value[1] ?? 0) === TARGETS;
      }, 90_000);
    }, 180_000);

    afterAll(async () => {
      for (const close of closing) await close();
      await prometheus?.stop();
      for (const exporter of exporters) await exporter.stop();
      await supergraph?.stop();
      await ownDatabase?.dropDatabase();
      await mongo?.close();
    });

    /**
     * Customers buying through the router: orders placed (one cancelled), a cart left with lines, a review, a contact
     * message, a product read twice, a mistyped query, staff watching the order feed.
     */
    async function shop(routerUrl: string): Promise<void> {
      const productId = await createShopProduct(routerUrl, unique('Dashboard Lilies'));
      const orders: string[] = [];
      const feed = subscriptionClient(routerUrl, (await authAs(['STAFF'])).authorization);
      closing.push(() => feed.dispose());
      subscribe(feed, 'subscription { orderUpdates { id status } }');
      await untilSubscriptionsOpen(supergraph.router.metricsUrl, 1);
      for (let customer = 0; customer < 3; customer += 1) {
        const headers = await asCustomer(randomUUID());
        const addressId = await addShopAddress(routerUrl, headers);
        const { createCart } = await expectData(routerUrl, 'mutation { createCart { id } }', {}, headers);
        await expectData(
          routerUrl,
          'mutation($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 2) { id } }',
          { c: createCart.id, p: productId },
          headers,
        );
        if (customer === 2) break; // this cart stays with its lines
        const input = {
          idempotencyKey: randomUUID(),
          cartId: createCart.id,
          addressId,
          deliveryDate: new Date(Date.now() + 24 * 3600_000).toISOString().slice(0, 10),
          deliveryWindow: 'AFTERNOON',
        };
        const { checkout } = await expectData(routerUrl, 'mutation Checkout($input: CheckoutInput!) { checkout(input: $input) { id } }', { input }, headers);
        orders.push(checkout.id);
        if (customer === 0) {
          await expectData(
            routerUrl,
            'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }',
            { input: { productId, rating: 5, title: 'Preciosas', body: 'Llegaron frescas.' } },
            headers,
          );
          await cancelOrder(routerUrl, checkout.id, headers);
        }
      }
      await expectData(routerUrl, 'mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { id } }', {
        input: { name: 'Marta', email: `${unique('dashboards')}@example.com`, subject: 'Entrega', body: '¿Entregan el domingo?' },
      });
      for (let read = 0; read < 2; read += 1)
        await expectData(routerUrl, 'query DashboardProduct($id: ID!) { product(id: $id) { id name } }', { id: productId });
      // An operation the router refuses (a field no subgraph has): an error to count.
      await fetch(routerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'query DashboardTypo { produtcs { id } }' }),
      });
    }

    it('scrapes every target it was given: the router, the eight subgraphs, RabbitMQ and the exporters', async () => {
      // The last scrape of each: on a busy machine one may have timed out just now, so the next ones are waited for.
      const healthOfEach = async () => {
        const { activeTargets } = await prometheus.api<{ activeTargets: Array<{ labels: { job: string }; health: string }> }>('/api/v1/targets');
        return activeTargets.map((target) => `${target.labels.job} ${target.health}`).sort();
      };
      const jobs = await lastRead(healthOfEach, (each) => each.every((job) => job.endsWith(' up')), 20_000);
      expect(jobs).toEqual(
        [
          ...Array.from({ length: 9 }, () => 'flores-victoria up'),
          'mongodb up',
          'postgresql up',
          'prometheus up',
          'rabbitmq up',
          'rabbitmq-node up',
          'redis up',
        ].sort(),
      );
    });

    it('loads the alert rules and evaluates every one of them without an error', async () => {
      const { groups } = await prometheus.api<{ groups: Array<{ rules: Array<{ name: string; health: string; lastError?: string }> }> }>('/api/v1/rules');
      const rules = groups.flatMap((group) => group.rules);
      expect(rules.length).toBeGreaterThanOrEqual(23);
      expect(rules.filter((rule) => rule.health !== 'ok').map((rule) => `${rule.name}: ${rule.health} ${rule.lastError ?? ''}`)).toEqual([]);
    });

    it('answers every query of every panel with series', async () => {
      const unanswered = async () => {
        const empty: string[] = [];
        for (const { dashboard, panel, target } of queries) {
          const answer = await prometheus.query(asSent(target.expr));
          const where = `${dashboard.file} "${panel.title}": ${target.expr}`;
          if (answer.status !== 'success') empty.push(`${where}: ${answer.error}`);
          else if ((answer.data?.result.length ?? 0) === 0) empty.push(`${where}: no series`);
        }
        return empty;
      };
      // A scrape that timed out on a busy machine marks its target's series stale until the next one: asked again then.
      expect(await lastRead(unanswered, (empty) => empty.length === 0, 6 * INTERVAL_SECONDS * 1000)).toEqual([]);
    });

    // Figures of stores other runs share only grow here (orders and tickets are never deleted); carts and reviews can be
    // wiped by another run starting, so their exact figures are the funnel's and the reviews' own specs'.
    it("counts this test's shopping in the Shop figures", async () => {
      const value = async (expr: string) => Number((await prometheus.query(expr)).data?.result[0]?.value[1]);
      expect(await value('sum(max by (status) (orders_by_status))')).toBeGreaterThanOrEqual(2);
      expect(await value('max(orders_by_status{status="CANCELLED"})')).toBeGreaterThanOrEqual(1);
      expect(await value('sum(max by (status) (contact_tickets_by_status))')).toBeGreaterThanOrEqual(1);
      expect(await value('sum(max_over_time(graphql_operations_total{service="router", type="mutation", name="Checkout", outcome="success"}[5m]))')).toBe(2);
    });
  });
});
