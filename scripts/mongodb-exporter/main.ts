import { createServer } from 'node:http';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/logger';
import { mongodbExporterEnv } from './exporter-env';
import { MongoMetrics } from './mongodb-metrics';

// The MongoDB exporter of Flores Victoria: GET /metrics answers what the MongoDB-wire server says at that moment
// (scripts/mongodb-exporter/mongodb-metrics.ts). Debian's mongodb exporter (a 2018 build) cannot talk to FerretDB;
// this one uses the driver the services use, so it works against MongoDB 7 and FerretDB alike.
//   MONGODB_URL=mongodb://127.0.0.1:27017/flores PORT=9216 node dist/scripts/mongodb-exporter/main.js

async function main(): Promise<void> {
  const config = loadConfig(mongodbExporterEnv);
  const logger = createLogger('mongodb-exporter', config.LOG_LEVEL);
  const databases = (config.MONGODB_EXPORTER_DATABASES ?? new URL(config.MONGODB_URL).pathname.slice(1))
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  // Connecting lazily: a server that is away at start is reported as down (mongodb_up 0), not a crash.
  const client = new MongoClient(config.MONGODB_URL, { appName: 'mongodb-exporter', serverSelectionTimeoutMS: 2_000, maxPoolSize: 4 });
  const metrics = new MongoMetrics(client, { databases, timeoutMs: config.MONGODB_EXPORTER_TIMEOUT_MS });
  const server = createServer((req, res) => {
    if (req.url?.split('?')[0] !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    metrics.scrape().then(
      (text) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(text),
      (error: unknown) => {
        logger.warn({ err: error }, 'scrape failed');
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Metrics could not be collected');
      },
    );
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(config.PORT, config.HOST, resolve));
  logger.info({ url: `http://${config.HOST}:${config.PORT}/metrics`, databases }, 'mongodb exporter listening');
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void client.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
