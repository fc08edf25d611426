import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { port } from './config';
import type { Logger } from './logger';
import type { Metrics } from './metrics';

/** A service's metrics port is its default public port plus this: the router 9000, auth 9001 … contact 9008. */
export const METRICS_PORT_OFFSET = 6000;

/**
 * Where a service serves /metrics: a port of its own, never the public one, since metrics name operations and
 * internals. Each process's default differs, so services started side by side (`npm start`) do not collide.
 */
export const metricsEnv = (defaultPublicPort: number) => ({
  METRICS_PORT: port(defaultPublicPort + METRICS_PORT_OFFSET),
  /** Loopback unless said otherwise (a container's scraper comes from outside: 0.0.0.0 there). */
  METRICS_HOST: z.string().default('127.0.0.1'),
});

export interface MetricsServer {
  /** Where Prometheus reads the metrics: http://host:port/metrics. */
  url: string;
  close: () => Promise<void>;
}

/** Serves GET /metrics alone on its own port; anything else there is 404. */
export async function startMetricsServer(metrics: Metrics, host: string, port: number, logger: Logger): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    metrics.handler(req, res).catch((error: unknown) => {
      // A collector that reads at scrape time (a queue depth, an outbox backlog) failed: the scrape fails, loudly.
      logger.warn({ err: error }, 'metrics could not be collected');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Metrics could not be collected');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
