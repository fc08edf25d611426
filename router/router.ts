import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { apolloOptions } from '../runtime/apollo-options';
import { remoteKeys } from '../runtime/auth/remote-keys';
import { createTokenVerifier } from '../runtime/auth/verifier';
import { startGraphQLService, type RunningService } from '../runtime/http-service';
import { createLogger } from '../runtime/logger';
import { Metrics } from '../runtime/metrics';
import { loadRouterConfig } from './config';
import type { RouterContext } from './context';
import { jwksRoute } from './jwks-route';
import { rateLimitStatusPlugin } from './rate-limit-status';
import { SubgraphDataSource } from './subgraph-data-source';
import { startOrderSubscriptions } from './subscriptions/order-subscriptions';

/** Starts the router: the supergraph from a file, each subgraph where the configuration says. */
export async function startRouter(env: Record<string, string | undefined> = process.env): Promise<RunningService> {
  const config = loadRouterConfig(env);
  const production = config.NODE_ENV === 'production';
  const logger = createLogger('router', config.LOG_LEVEL);
  // The gateway reads this switch from process.env when it is constructed.
  process.env.APOLLO_TELEMETRY_DISABLED = config.APOLLO_TELEMETRY_DISABLED;

  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(config.SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name, url }) => new SubgraphDataSource({ url: config.subgraphUrls.get(name) ?? url }, config.INTERNAL_SECRET),
    logger: logger.child({ component: 'gateway' }),
  });
  // Bad tokens are refused here, before any subgraph is called; subgraphs verify again themselves.
  const verifyToken = createTokenVerifier({ keys: remoteKeys(config.AUTH_JWKS_URL), issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE });
  let loaded = false;
  gateway.onSchemaLoadOrUpdate(() => {
    loaded = true;
  });
  const metrics = new Metrics('router');
  // Bound before the router listens, so no order event published once it is up is missed.
  const subscriptions = await startOrderSubscriptions({
    rabbitmqUrl: config.RABBITMQ_URL,
    gateway,
    verifyToken,
    metrics,
    logger,
    production,
    trustProxyHops: config.TRUST_PROXY_HOPS,
  });

  return startGraphQLService<RouterContext>({
    name: 'router',
    host: config.HOST,
    port: config.PORT,
    logger,
    metrics,
    readiness: [
      {
        name: 'supergraph',
        check: async () => {
          if (!loaded) throw new Error('supergraph not loaded');
        },
      },
    ],
    createApollo: (plugins) => {
      const apollo = new ApolloServer<RouterContext>({
        gateway,
        plugins: [
          ...plugins,
          subscriptions.drainPlugin(),
          rateLimitStatusPlugin<RouterContext>(),
          production ? ApolloServerPluginLandingPageDisabled() : ApolloServerPluginLandingPageLocalDefault({ embed: true }),
        ],
        ...apolloOptions(production, logger),
      });
      subscriptions.executeThrough(apollo);
      return apollo;
    },
    configure: (app, httpServer) => {
      app.set('trust proxy', config.TRUST_PROXY_HOPS);
      app.get('/.well-known/jwks.json', jwksRoute(config.AUTH_JWKS_URL, logger));
      // graphql-ws at the address of queries: ws://host:port/graphql.
      subscriptions.attach(httpServer, '/graphql');
    },
    close: subscriptions.close,
    context: async (req, requestLogger) => ({
      requestId: req.requestId,
      logger: requestLogger,
      identity: await verifyToken(req.headers.authorization),
      authorization: req.headers.authorization,
      clientAddress: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    }),
  });
}
