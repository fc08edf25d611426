import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { z } from 'zod';
import { trustedClientAddress } from '../auth/client-address';
import { guardSchema } from '../auth/guard-schema';
import { verifiedServiceCaller } from '../auth/service-caller';
import { remoteKeys } from '../auth/remote-keys';
import { RevocationFeed } from '../auth/revocations/revocation-feed';
import { createTokenVerifier, type TokenVerifier } from '../auth/verifier';
import { authEnv, loadConfig, port, runtimeEnv, storeEnv } from '../config';
import { apolloOptions } from '../apollo-options';
import { startGraphQLService, stopOnSignals, type RunningService, type ServiceRequest } from '../http-service';
import { createLogger, type Logger } from '../logger';
import { Metrics } from '../metrics';
import { metricsEnv } from '../metrics-server';
import { telemetryEnv } from '../telemetry/telemetry-env';
import { trackGraphQLWork } from '../stores/round-trips';
import { CacheTags } from '../graphql/cache-tags';
import { textInputsPlugin } from '../graphql/text-inputs-plugin';
import { AnswerCachePolicy, cachePolicyPlugin } from './cache-policy';
import { cacheTagsPlugin } from './cache-tags-plugin';
import type { SubgraphContext } from './context';
import type { SubgraphDefinition } from './definition';
import { answerDeadline, EXPECTED_TIMEOUT_HEADER } from './answer-deadline';
import { requestContext } from './request-context';

export interface StartedSubgraph<TProviders> extends RunningService {
  providers: TProviders;
}

/**
 * What every subgraph process reads besides its own `env` (exported for the deployment checks). REDIS_URL: every
 * subgraph follows the token revocations there (auth/revocations/revocation-feed.ts).
 */
export function subgraphProcessEnv(defaultPort: number) {
  return {
    ...runtimeEnv,
    ...authEnv,
    REDIS_URL: storeEnv.REDIS_URL,
    ...telemetryEnv,
    HOST: z.string().default('127.0.0.1'),
    PORT: port(defaultPort),
    ...metricsEnv(defaultPort),
    // `store_round_trips_total` told by origin (GraphQL work or background) costs every promise a hook: opt-in.
    STORE_ROUND_TRIP_ORIGINS: z.enum(['on', 'off']).default('off'),
  };
}

/** Starts one subgraph from its definition and the environment (`env` overrides process.env in tests). */
export async function startSubgraph<TEnv extends z.ZodRawShape, TProviders, TLoaders>(
  definition: SubgraphDefinition<TEnv, TProviders, TLoaders>,
  env: Record<string, string | undefined> = process.env,
): Promise<StartedSubgraph<TProviders>> {
  const config = loadConfig(subgraphProcessEnv(definition.defaultPort), env);
  const ownConfig = loadConfig(definition.env, env);
  const production = config.NODE_ENV === 'production';
  const logger = createLogger(definition.name, config.LOG_LEVEL);
  // Built first: a schema error must not leave store connections open.
  const schema = guardSchema(definition.schema(), definition.permissions);
  const metrics = new Metrics(definition.name);
  // Before the stores open, so that their round trips are told apart from the first.
  if (config.STORE_ROUND_TRIP_ORIGINS === 'on') trackGraphQLWork();
  const opened = await definition.openStores(ownConfig, logger, metrics.registry);
  // Before it listens: a token signed out before this instance started must be refused by it too.
  const revocations = await RevocationFeed.start({ redisUrl: config.REDIS_URL, name: definition.name, logger, registry: metrics.registry });
  const verifyToken = createTokenVerifier({
    keys: definition.tokenKeys?.(opened.providers) ?? remoteKeys(config.AUTH_JWKS_URL),
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    revocations,
  });
  const close = async () => {
    await revocations.close();
    await opened.close();
  };

  // From the bare request: it serves both of the service's paths (runtime/http-service.ts ServiceContext).
  const context = async (req: ServiceRequest, requestLogger: Logger): Promise<SubgraphContext<TProviders, TLoaders>> =>
    requestContext(
      {
        requestId: req.requestId,
        logger: requestLogger,
        ...(await verifiedCaller(verifyToken, req.headers.authorization)),
        callerService: verifiedServiceCaller(req.headers, config.INTERNAL_SECRET),
        // Counted from now: what the request waited to be read here is inside the margin a write keeps (answer-deadline.ts).
        answerBy: answerDeadline(req.headers[EXPECTED_TIMEOUT_HEADER]),
        providers: opened.providers,
        cacheTags: new CacheTags(definition.name),
        cachePolicy: new AnswerCachePolicy(),
      },
      () => definition.loaders(opened.providers),
      () => trustedClientAddress(req.headers, req.socket?.remoteAddress, config.INTERNAL_SECRET),
    );

  try {
    const service = await startGraphQLService<SubgraphContext<TProviders, TLoaders>>({
      name: `${definition.name} subgraph`,
      host: config.HOST,
      port: config.PORT,
      metricsHost: config.METRICS_HOST,
      metricsPort: config.METRICS_PORT,
      production,
      logger,
      metrics,
      readiness: opened.readiness,
      createApollo: (plugins) =>
        new ApolloServer({
          schema,
          // Federated tracing is for Apollo's hosted service, which this project does not report to.
          // Strings that are not text (NUL, unpaired surrogates) are refused before any resolver reaches a store.
          // Cache-Control comes from each document's policy, worked out once (cache-policy.ts), not from a hook
          // on every field as Apollo's own plugin does it.
          plugins: [
            ...plugins,
            ApolloServerPluginInlineTraceDisabled(),
            ApolloServerPluginCacheControlDisabled(),
            cachePolicyPlugin(),
            cacheTagsPlugin(),
            textInputsPlugin(),
          ],
          ...apolloOptions(production, logger),
        }),
      directContext: context,
      configure: definition.routes ? (app) => definition.routes!(app, opened.providers) : undefined,
      close,
    });
    return { ...service, providers: opened.providers };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The caller's identity, and their header for forwarding only once it verified. */
async function verifiedCaller(verifyToken: TokenVerifier, authorization: string | undefined) {
  const identity = await verifyToken(authorization);
  return { identity, callerAuthorization: identity ? authorization : undefined };
}

/** The `main` of every subgraph process: start, log a config error clearly, stop on SIGTERM. */
export function runSubgraphMain<TEnv extends z.ZodRawShape, TProviders, TLoaders>(definition: SubgraphDefinition<TEnv, TProviders, TLoaders>): void {
  const logger = createLogger(definition.name);
  startSubgraph(definition).then(
    (service) => stopOnSignals(service, logger),
    (error: Error) => {
      logger.fatal({ err: error }, error.message);
      process.exit(1);
    },
  );
}
