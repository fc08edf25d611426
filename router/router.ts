import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { apolloOptions } from '../runtime/apollo-options';
import { remoteKeys } from '../runtime/auth/remote-keys';
import { RevocationFeed } from '../runtime/auth/revocations/revocation-feed';
import { createTokenVerifier } from '../runtime/auth/verifier';
import { startGraphQLService, type RunningService, type ServiceRequest } from '../runtime/http-service';
import { createLogger, type Logger } from '../runtime/logger';
import { Metrics } from '../runtime/metrics';
import { BoundedDocumentStore } from './cache/document-store';
import { PlanWarmer } from './cache/plan-warmer';
import { startRouterCache } from './cache/router-cache';
import { loadRouterConfig } from './config';
import { RequestCache } from './cache/request-cache';
import { stringifyAnswer } from './cache/response-cache';
import type { FastPathNote } from './cache/fast-path';
import { withDirectPipeline } from './direct-pipeline';
import type { RouterContext } from './context';
import { jwksRoute } from './jwks-route';
import { refusalStatusPlugin } from './refusal-status';
import { paidUpFront } from './protection/upfront-budget';
import { routerProtection } from './protection/router-protection';
import { connectRouterRedis } from './router-redis';
import { SubgraphResilience } from './resilience/subgraph-resilience';
import { SubgraphDataSource } from './subgraph-data-source';
import { startOrderSubscriptions } from './subscriptions/order-subscriptions';
import { clientAddressBehind } from './client-address';

/** Approximate MiB of query plans the gateway keeps (JSON length; a few hundred shop operations take under 1). */
const QUERY_PLAN_STORE_MIB = 4;

/** Starts the router: the supergraph from a file, each subgraph where the configuration says. */
export async function startRouter(env: Record<string, string | undefined> = process.env): Promise<RunningService> {
  const config = loadRouterConfig(env);
  const production = config.NODE_ENV === 'production';
  const logger = createLogger('router', config.LOG_LEVEL);
  // The gateway reads this switch from process.env when it is constructed.
  process.env.APOLLO_TELEMETRY_DISABLED = config.APOLLO_TELEMETRY_DISABLED;

  const metrics = new Metrics('router');
  // Timeouts, retries, a circuit breaker per subgraph and keep-alive connections for every subgraph call.
  const resilience = new SubgraphResilience(config, metrics.registry, logger.child({ component: 'subgraph-calls' }));
  const redis = connectRouterRedis(config.REDIS_URL, logger);
  // A starting router plans the most used operations before it reports ready (router/cache/plan-warmer.ts).
  const planWarmer = new PlanWarmer(redis, logger.child({ component: 'plan-warmer' }), metrics.registry, config.ROUTER_WARM_UP_OPERATIONS);
  const gateway = new ApolloGateway({
    experimental_didResolveQueryPlan: planWarmer.didResolveQueryPlan,
    supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8'),
    // Called when Apollo starts the gateway (below), once the subgraph answer cache exists.
    buildService: ({ name, url }) =>
      new SubgraphDataSource(
        { name, url: config.subgraphUrls.get(name) ?? url, fetcher: resilience.fetcherFor(name), answers: subgraphAnswers },
        config.INTERNAL_SECRET,
      ),
    logger: logger.child({ component: 'gateway' }),
    // Query plans by document: bounded well below the gateway's 30 MiB default, which counts JSON length, a
    // fraction of what a plan takes (thousands of distinct documents held hundreds of MB).
    experimental_approximateQueryPlanStoreMiB: QUERY_PLAN_STORE_MIB,
  });
  // Bad and revoked tokens are refused here, before any subgraph is called; subgraphs verify again themselves.
  const revocations = await RevocationFeed.start({ redisUrl: config.REDIS_URL, name: 'router', logger, registry: metrics.registry });
  const verifyToken = createTokenVerifier({
    keys: remoteKeys(config.AUTH_JWKS_URL),
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    revocations,
  });
  let loaded = false;
  gateway.onSchemaLoadOrUpdate(() => {
    loaded = true;
  });
  const protection = routerProtection(config, redis, metrics.registry, (authorization) => verifyToken(authorization).catch(() => undefined));
  const cache = await startRouterCache(config, redis, gateway, logger, metrics.registry);
  const subgraphAnswers = cache.subgraphAnswers;
  // Bound before the router listens, so no order event published once it is up is missed.
  const subscriptions = await startOrderSubscriptions({
    rabbitmqUrl: config.RABBITMQ_URL,
    queue: { expiresMs: config.ROUTER_ORDER_EVENTS_QUEUE_EXPIRES_SECONDS * 1000, maxLength: config.ROUTER_ORDER_EVENTS_QUEUE_MAX_LENGTH },
    gateway,
    verifyToken,
    revocations,
    metrics,
    logger,
    production,
    trustProxyHops: config.TRUST_PROXY_HOPS,
    guard: protection.subscriptions,
  });

  let apollo: ApolloServer<RouterContext> | undefined;
  const clientAddress = (req: IncomingMessage) => clientAddressBehind(req, config.TRUST_PROXY_HOPS);
  /** A request's context, on Express's path and the direct one alike (router/direct-pipeline.ts), one address for a client on both. */
  const contextOf = async (req: ServiceRequest, requestLogger: Logger, paid: boolean): Promise<RouterContext> => {
    const arrivedAt = performance.now();
    const note = (req as { fastPath?: FastPathNote }).fastPath;
    const requestCache = new RequestCache();
    requestCache.answerKeys = note?.answerKeys ?? null;
    requestCache.epochAtLookUp = note?.epochAtLookUp;
    return {
      arrivedAt,
      requestId: req.requestId,
      logger: requestLogger,
      // A refused token was counted against the client address's budget already (chargeUpFront).
      identity: await verifyToken(req.headers.authorization),
      authorization: req.headers.authorization,
      clientAddress: clientAddress(req),
      cache: requestCache,
      rateLimit: note?.rateLimit,
      admittedAtEdge: note?.admittedAtEdge,
      paidUpFront: paid,
    };
  };
  const fastPath = cache.fastPath({
    limiter: protection.limiter,
    admission: protection.admission,
    verifiedIdentity: (authorization) => verifyToken(authorization).catch(() => undefined),
    clientAddress,
    maxBodyBytes: protection.maxBodyBytes,
    settingsFingerprint: protection.settingsFingerprint,
  });
  const service = await startGraphQLService<RouterContext>({
    name: 'router',
    host: config.HOST,
    port: config.PORT,
    metricsHost: config.METRICS_HOST,
    metricsPort: config.METRICS_PORT,
    production,
    logger,
    metrics,
    maxBodyBytes: protection.maxBodyBytes,
    beforeGraphQL: protection.beforeGraphQL,
    refusedBeforeGraphQL: protection.refusedBeforeGraphQL,
    // An operation the cache does not answer runs straight through Apollo when Express's chain would let it through unchanged.
    fastPath:
      fastPath &&
      withDirectPipeline(fastPath, {
        apollo: () => apollo,
        ordinaryDocuments: protection.ordinaryDocuments,
        chargeBudget: protection.chargeBudget,
        clientAddress,
        context: contextOf,
        logger,
      }),
    readiness: [
      {
        name: 'supergraph',
        check: async () => {
          if (!loaded) throw new Error('supergraph not loaded');
        },
      },
      {
        name: 'query-plans',
        check: async () => {
          if (!planWarmer.ready) throw new Error('warming the query plans of the most used operations');
        },
      },
    ],
    createApollo: (plugins) => {
      const server = new ApolloServer<RouterContext>({
        gateway,
        plugins: [
          ...plugins,
          subscriptions.drainPlugin(),
          refusalStatusPlugin<RouterContext>(protection.budgetRefusals),
          ...protection.plugins,
          ...cache.plugins,
          production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
        ],
        ...apolloOptions(production, logger),
        ...protection.apolloOptions,
        persistedQueries: cache.persistedQueries,
        // Parsed documents bounded by the memory they take (router/cache/document-store.ts).
        documentStore: new BoundedDocumentStore(),
        // An answer the cache kept is sent as the text it kept: serialised once.
        stringifyResult: stringifyAnswer,
      });
      subscriptions.executeThrough(server);
      apollo = server;
      return server;
    },
    configure: (app, httpServer) => {
      app.set('trust proxy', config.TRUST_PROXY_HOPS);
      app.get('/.well-known/jwks.json', jwksRoute(config.AUTH_JWKS_URL, logger));
      // graphql-ws at the address of queries: ws://host:port/graphql.
      subscriptions.attach(httpServer, '/graphql');
    },
    close: async () => {
      await subscriptions.close();
      await cache.close();
      redis.disconnect();
      await revocations.close();
      await resilience.close();
    },
    context: async (req, requestLogger) => contextOf(req, requestLogger, paidUpFront(req)),
  });
  void planWarmer.warm(apollo!);
  return service;
}
