import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from 'express';
import { requestIdInErrors, requestIdInRefusals } from './error-request-id';
import { directGraphQL } from './direct-graphql';
import { bodyErrorHandler, unexpectedErrorHandler, unreadableBody } from './http-errors';
import { inputDepthLimit } from './input-depth';
import { livenessHandler, readinessGauge, readinessHandler, type ReadinessCheck } from './health';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { startMetricsServer } from './metrics-server';
import { REQUEST_ID_HEADER, requestIdFrom, requestIdMiddleware } from './request-id';
import { shutdownTracing } from './telemetry/shutdown';

/**
 * How each request's context is made: from Express's request (`context`: the router's, which reads what its steps
 * before GraphQL left on it), or from the bare request (`directContext`: the subgraphs'), which then serves both
 * paths, and lets a POST /graphql that is one JSON operation go straight to Apollo before Express
 * (runtime/direct-graphql.ts). Not for a service with steps of its own before GraphQL (beforeGraphQL,
 * refusedBeforeGraphQL, a fastPath), which Express runs: such a service's fast path may run Apollo itself
 * (`runOperation`, as the router's direct pipeline does).
 */
export type ServiceContext<TContext extends BaseContext> =
  | { context: (req: Request, logger: Logger) => Promise<TContext>; directContext?: never }
  | { directContext: (req: ServiceRequest, logger: Logger) => Promise<TContext>; context?: never };

export type GraphQLServiceOptions<TContext extends BaseContext> = ServiceOptions<TContext> & ServiceContext<TContext>;

interface ServiceOptions<TContext extends BaseContext> {
  name: string;
  host?: string;
  port: number;
  /** Where /metrics is served: a port of its own, never the public one (runtime/metrics-server.ts). */
  metricsHost?: string;
  metricsPort: number;
  /** Production answers carry no internal detail (a readiness check's error names hosts and ports). */
  production?: boolean;
  logger: Logger;
  metrics: Metrics;
  readiness: ReadinessCheck[];
  /** Builds the Apollo server; the shared plugins (drain, metrics) must be passed on to it. */
  createApollo: (plugins: ApolloServerPlugin<TContext>[]) => ApolloServer<TContext>;
  /** Extra routes or upgrades (the router's), mounted before /graphql. */
  configure?: (app: Express, httpServer: Server) => void;
  /** Releases what the service holds (store connections) after in-flight requests finished. */
  close?: () => Promise<void>;
  maxBodyBytes?: number;
  /** Checks on /graphql requests once the body is parsed, before Apollo sees them (the router's batch cap). */
  beforeGraphQL?: RequestHandler[];
  /**
   * Sees each /graphql request refused before GraphQL (a body too large or not JSON, input nested too deep:
   * an error with a 4xx `status`) before it is answered: passes the error on, or answers instead (the router
   * counts such requests against the caller's budget, and past it answers 429).
   */
  refusedBeforeGraphQL?: ErrorRequestHandler;
  /** Answers some POST /graphql requests before Express (the router's cached answers, its refusals when busy); see FastPath. */
  fastPath?: FastPath;
}

/** A request as a service's context is built from on either path: the bare Node request, named (runtime/request-id.ts). */
export type ServiceRequest = IncomingMessage & { requestId: string };

/**
 * A handler that may answer a POST /graphql request before Express. It resolves with what it answered (for the logs
 * and metrics), or `undefined` after leaving what it learnt on `req.fastPath` — with the body already read, as
 * `body`, which Express then takes instead of reading the stream again.
 */
export type FastPath = (req: ServiceRequest, res: ServerResponse) => Promise<FastPathAnswer | undefined>;

export interface FastPathAnswer {
  operationName?: string;
  /** Served from the router's cache of whole answers, before Apollo's pipeline. */
  cache?: 'HIT';
  /** Run by Apollo (runtime/direct-graphql.ts), whose plugin counted the operation. */
  ranGraphQL?: true;
}

/** What a fast path that did not answer leaves on the request: the body it read, or that it was no JSON. */
export interface FastPathRequest {
  fastPath?: { body: unknown; unreadable?: boolean };
}

export interface RunningService {
  url: string;
  port: number;
  /** Where its Prometheus metrics are read (its metrics port). */
  metricsUrl: string;
  httpServer: Server;
  stop: () => Promise<void>;
}

/**
 * The one HTTP shape of every service: request ids, access logs, /healthz, /readyz and /graphql on the public
 * port, /metrics on the metrics port, with a drain on stop so in-flight requests finish first.
 */
export async function startGraphQLService<TContext extends BaseContext>(options: GraphQLServiceOptions<TContext>): Promise<RunningService> {
  const { logger, metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  if (options.directContext && (options.fastPath || options.beforeGraphQL || options.refusedBeforeGraphQL)) {
    throw new Error('directContext skips Express: a service with steps before GraphQL cannot have it');
  }
  const contextOf: (req: Request, logger: Logger) => Promise<TContext> = options.directContext ?? options.context;
  // Set once Apollo started (the direct path needs it); nothing is served before the server listens.
  let fastPath = options.fastPath;
  const httpServer = createServer((req, res) => {
    if (fastPath) serveFast(fastPath, app, req, res, logger, metrics, () => draining);
    else void app(req, res);
  });
  // Callers (the gateway above all) keep connections open between requests. Node closes an idle one after 5 s,
  // which races with a caller reusing it at that moment (ECONNRESET); idle connections are kept much longer.
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  let draining = false;

  app.use(requestIdMiddleware);
  app.use(metrics.httpMiddleware);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    // Read now: by the time the response finishes, a mounted handler (Apollo's on /graphql) has cut req.path to "/".
    const path = req.path;
    res.on('finish', () =>
      logger.info(
        {
          requestId: req.requestId,
          method: req.method,
          path,
          status: res.statusCode,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      ),
    );
    next();
  });
  app.get('/healthz', livenessHandler);
  app.get(
    '/readyz',
    readinessHandler(options.readiness, () => draining, options.production ? logger : undefined),
  );
  readinessGauge(metrics.registry, options.readiness, () => draining);
  options.configure?.(app, httpServer);

  const apollo = options.createApollo([
    ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: 10_000 }),
    metrics.apolloPlugin(),
    requestIdInErrors(),
  ]);
  await apollo.start();
  const maxBodyBytes = options.maxBodyBytes ?? 1_000_000;
  if (options.directContext) fastPath = directGraphQL({ apollo, context: options.directContext, logger, maxBodyBytes });
  app.use(
    '/graphql',
    express.json({ limit: maxBodyBytes }),
    refuseUnreadableFastPathBody,
    // Before anything walks the variables (caches, coercion): a value nested thousands deep would overflow the stack.
    inputDepthLimit,
    ...(options.refusedBeforeGraphQL ? [options.refusedBeforeGraphQL] : []),
    ...(options.beforeGraphQL ?? []),
    metrics.graphqlWorkMiddleware,
    requestIdInRefusals,
    expressMiddleware(apollo, {
      context: async ({ req }) => contextOf(req, logger.child({ requestId: req.requestId })),
    }),
  );
  app.use(bodyErrorHandler);
  app.use(unexpectedErrorHandler(logger));

  const metricsServer = await startMetricsServer(metrics, options.metricsHost ?? '127.0.0.1', options.metricsPort, logger);
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await metricsServer.close();
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  logger.info({ url, metricsUrl: metricsServer.url }, `${options.name} listening`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      draining = true;
      await apollo.stop(); // the drain plugin closes the server and waits for in-flight requests
      await options.close?.();
      // Last: the scraper sees the drain to its end.
      await metricsServer.close();
      logger.info(`${options.name} stopped`);
    })());
  return { url, port, metricsUrl: metricsServer.url, httpServer, stop };
}

/**
 * Gives a POST /graphql request to the fast path first; what it does not answer goes to Express, with the
 * body it read. Answers it gives are logged and counted as Express's are.
 */
function serveFast(
  fastPath: FastPath,
  app: Express,
  req: IncomingMessage,
  res: ServerResponse,
  logger: Logger,
  metrics: Metrics,
  draining: () => boolean,
): void {
  if (req.method !== 'POST' || !(req.url === '/graphql' || req.url?.startsWith('/graphql?')) || draining()) {
    app(req, res);
    return;
  }
  const started = process.hrtime.bigint();
  const request = Object.assign(req, { requestId: requestIdFrom(req.headers[REQUEST_ID_HEADER]) });
  fastPath(request, res).then(
    (answered) => {
      if (!answered) {
        // A body that is no JSON goes on too: refused in Express (refuseUnreadableFastPathBody), as any refusal.
        const note = (request as FastPathRequest).fastPath;
        if (note && !note.unreadable) (request as unknown as { body: unknown }).body = note.body;
        app(request, res);
        return;
      }
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (answered.ranGraphQL) metrics.recordHttpRequest('POST', '/graphql', res.statusCode, durationMs / 1000);
      else metrics.recordServedQuery(answered.operationName, res.statusCode, durationMs / 1000);
      // Checked first: the line's fields would be built for nothing on the busiest path.
      if (logger.isLevelEnabled('info'))
        logger.info({ requestId: request.requestId, method: 'POST', path: '/graphql', status: res.statusCode, durationMs, cache: answered.cache }, 'request');
    },
    (error: unknown) => {
      logger.warn({ err: error, requestId: request.requestId }, 'request body could not be read');
      res.destroy();
    },
  );
}

/** A body the fast path read and found no JSON (express.json does not read it again): refused as express.json refuses one. */
const refuseUnreadableFastPathBody: RequestHandler = (req, _res, next) => next((req as FastPathRequest).fastPath?.unreadable ? unreadableBody() : undefined);

/** Stops the service on SIGTERM or SIGINT, exports the spans still buffered, then exits; a second signal exits at once. */
export function stopOnSignals(service: RunningService, logger: Logger): void {
  let received = false;
  const exit = (code: number) => shutdownTracing().finally(() => process.exit(code));
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) process.exit(1);
    received = true;
    logger.info({ signal }, 'shutting down');
    service.stop().then(
      () => exit(0),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        return exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
