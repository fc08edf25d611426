import type { Db, Document, MongoClient } from 'mongodb';
import { Counter, Gauge, Registry } from 'prom-client';

/**
 * What a MongoDB-wire server tells about itself, as Prometheus metrics, asked at scrape time with the official driver.
 * Only what both MongoDB 7 and FerretDB answer is required (ping, serverStatus' process, uptime and command counts,
 * $collStats); what only MongoDB reports (connections, operation latencies) is left out where the server does not
 * say it, rather than reported as zero:
 *
 * - `mongodb_up` 1 when the server answered a ping within the timeout, else 0 (and nothing else is reported);
 * - `mongodb_ping_duration_seconds`: how long that ping took, from here (the command latency anyone sees);
 * - `mongodb_info{engine, version}`: `ferretdb` or `mongod`, and the version it reports;
 * - `mongodb_uptime_seconds`;
 * - `mongodb_commands_total{command}`, `mongodb_commands_failed_total{command}`: commands the server ran since it
 *   started (serverStatus metrics.commands);
 * - `mongodb_connections_current`, `mongodb_connections_available` (MongoDB only);
 * - `mongodb_op_latency_seconds_total{op}`, `mongodb_op_latency_ops_total{op}`: time spent in reads, writes, commands
 *   and transactions, and how many (MongoDB only: the average is the ratio of their rates);
 * - `mongodb_collection_documents`, `_size_bytes`, `_storage_bytes`, `_index_bytes` `{database, collection}` ($collStats:
 *   FerretDB answers from PostgreSQL's statistics, estimates refreshed as it analyses its tables; a figure it does not
 *   have yet, -1, is left out).
 */
export interface MongoMetricsOptions {
  /** The databases whose collections are reported. */
  databases: string[];
  /** No scrape waits longer for the server than this. */
  timeoutMs?: number;
}

type Labels = Record<string, string>;

/**
 * The metrics of one scrape, in a registry of its own: a metric the server did not report in this scrape is absent,
 * not zero (a reused prom-client gauge without labels would say 0).
 */
class Scrape {
  readonly registry = new Registry();
  private readonly metrics = new Map<string, Gauge | Counter>();

  gauge(name: string, help: string, value: number, labels: Labels = {}): void {
    (this.metric(name, () => new Gauge({ name, help, labelNames: Object.keys(labels), registers: [this.registry] })) as Gauge).set(labels, value);
  }

  /** A counter the server keeps (monotonic since it started): its value as the server says it. */
  counter(name: string, help: string, value: number, labels: Labels = {}): void {
    (this.metric(name, () => new Counter({ name, help, labelNames: Object.keys(labels), registers: [this.registry] })) as Counter).inc(labels, value);
  }

  private metric(name: string, create: () => Gauge | Counter): Gauge | Counter {
    let metric = this.metrics.get(name);
    if (!metric) this.metrics.set(name, (metric = create()));
    return metric;
  }
}

export class MongoMetrics {
  private readonly timeoutMs: number;
  private reading: Promise<string> | null = null;

  constructor(
    private readonly client: MongoClient,
    private readonly options: MongoMetricsOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  /** The Prometheus text of one scrape; scrapes arriving while one reads the server share its answers. */
  scrape(): Promise<string> {
    return (this.reading ??= this.read().finally(() => (this.reading = null)));
  }

  private async read(): Promise<string> {
    const scrape = new Scrape();
    const started = process.hrtime.bigint();
    try {
      await this.bounded(this.client.db('admin').command({ ping: 1 }, { timeoutMS: this.timeoutMs }));
    } catch {
      scrape.gauge('mongodb_up', UP_HELP, 0);
      return scrape.registry.metrics();
    }
    scrape.gauge('mongodb_up', UP_HELP, 1);
    scrape.gauge('mongodb_ping_duration_seconds', 'How long the last ping took, from the exporter', Number(process.hrtime.bigint() - started) / 1e9);
    const status = await this.bounded(this.client.db('admin').command({ serverStatus: 1 }, { timeoutMS: this.timeoutMs })).catch(() => undefined);
    if (status) readStatus(scrape, status);
    await Promise.all(this.options.databases.map((name) => this.readCollections(scrape, this.client.db(name)).catch(() => undefined)));
    return scrape.registry.metrics();
  }

  private async readCollections(scrape: Scrape, db: Db): Promise<void> {
    const collections = await this.bounded(db.listCollections({ type: 'collection' }, { nameOnly: true, timeoutMS: this.timeoutMs }).toArray());
    await Promise.all(
      collections.map(async ({ name }) => {
        const [stats] = await this.bounded(
          db
            .collection(name)
            .aggregate<{ storageStats?: Document }>([{ $collStats: { storageStats: {} } }], { timeoutMS: this.timeoutMs })
            .toArray(),
        ).catch(() => []);
        const storage = stats?.storageStats;
        if (!storage) return;
        const labels = { database: db.databaseName, collection: name };
        for (const [field, metric, help] of COLLECTION_METRICS) {
          const value = storage[field] as unknown;
          // FerretDB estimates from PostgreSQL's statistics: -1 for a table never analysed yet is no count.
          if (isCount(value) && toNumber(value) >= 0) scrape.gauge(metric, help, toNumber(value), labels);
        }
      }),
    );
  }

  /** The driver's timeoutMS bounds each command; this bounds what is left (server selection while it is away). */
  private bounded<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      promise.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }
}

const UP_HELP = 'Whether the server answered a ping within the timeout (1) or not (0)';

/** $collStats storageStats field, metric, help. */
const COLLECTION_METRICS: ReadonlyArray<readonly [string, string, string]> = [
  ['count', 'mongodb_collection_documents', 'Documents in a collection'],
  ['size', 'mongodb_collection_size_bytes', 'Uncompressed size of the documents of a collection'],
  ['storageSize', 'mongodb_collection_storage_bytes', 'Storage a collection takes'],
  ['totalIndexSize', 'mongodb_collection_index_bytes', 'Storage the indexes of a collection take'],
];

function readStatus(scrape: Scrape, status: Document): void {
  const engine = String(status.process ?? 'unknown');
  scrape.gauge('mongodb_info', 'The server: engine (mongod or ferretdb) and version', 1, {
    engine,
    version: String(status.ferretdbVersion ?? status.version ?? 'unknown'),
  });
  if (typeof status.uptime === 'number') scrape.gauge('mongodb_uptime_seconds', 'Seconds since the server started', status.uptime);
  const commands = (status.metrics as Document | undefined)?.commands as Record<string, Document | undefined> | undefined;
  for (const [command, counts] of Object.entries(commands ?? {})) {
    // MongoDB nests some sub-counters (e.g. update.arrayFilters) beside total/failed: only the pairs are commands.
    if (!command || !isCount(counts?.total)) continue;
    scrape.counter('mongodb_commands_total', 'Commands the server ran since it started, by command', toNumber(counts.total), { command });
    if (isCount(counts.failed))
      scrape.counter('mongodb_commands_failed_total', 'Commands that failed since the server started, by command', toNumber(counts.failed), { command });
  }
  const connections = status.connections as Document | undefined;
  if (isCount(connections?.current) && isCount(connections?.available)) {
    scrape.gauge('mongodb_connections_current', 'Client connections open (MongoDB only)', toNumber(connections.current));
    scrape.gauge('mongodb_connections_available', 'Client connections the server would still accept (MongoDB only)', toNumber(connections.available));
  }
  for (const [op, entry] of Object.entries((status.opLatencies as Record<string, Document | undefined> | undefined) ?? {})) {
    if (!isCount(entry?.latency) || !isCount(entry?.ops)) continue;
    // MongoDB counts microseconds.
    scrape.counter(
      'mongodb_op_latency_seconds_total',
      'Time the server spent in operations since it started, by kind (MongoDB only)',
      toNumber(entry.latency) / 1e6,
      { op },
    );
    scrape.counter('mongodb_op_latency_ops_total', 'Operations timed in mongodb_op_latency_seconds_total, by kind (MongoDB only)', toNumber(entry.ops), { op });
  }
}

/** A count in a server's answer: a number, or a BSON Int64 / Long (it has toNumber). */
function isCount(value: unknown): value is number | { toNumber(): number } {
  return typeof value === 'number' || (typeof value === 'object' && value !== null && typeof (value as { toNumber?: unknown }).toNumber === 'function');
}
const toNumber = (value: number | { toNumber(): number }): number => (typeof value === 'number' ? value : value.toNumber());
