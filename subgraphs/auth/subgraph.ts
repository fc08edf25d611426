import { PrismaClient } from '../../prisma/auth/client/client';
import { createEventPublisher } from '../../runtime/events/publisher';
import { startOutboxRelay } from '../../runtime/events/outbox-relay';
import { prismaOutbox } from '../../runtime/events/prisma-outbox';
import { byKeyLoader } from '../../runtime/loaders';
import type { Logger } from '../../runtime/logger';
import { connectPrisma } from '../../runtime/stores/prisma';
import { connectRedis } from '../../runtime/stores/redis';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph, type OpenedStores } from '../../runtime/subgraph/definition';
import { authSubgraphEnv, type AuthSubgraphConfig } from './config';
import type { AuthContext, AuthLoaders, AuthStores } from './context';
import { authPermissions } from './permissions';
import { AccountResolver, resolveAccountReference } from './resolvers/account.resolver';
import { PasswordResolver } from './resolvers/password.resolver';
import { RoleResolver } from './resolvers/role.resolver';
import { SessionResolver } from './resolvers/session.resolver';
import { AccessTokenIssuer } from './security/access-tokens';
import { GoogleIdTokenVerifier } from './security/google-id-token';
import { LoginThrottle } from './security/login-throttle';
import { loadSigningKeys } from './security/signing-keys';
import { AccountStore } from './store/account.store';
import { PasswordResetStore } from './store/password-reset.store';
import { SessionStore } from './store/session.store';

/**
 * PostgreSQL for accounts, sessions and the outbox; Redis for sign-in throttling; RabbitMQ (through the
 * outbox relay) for events. RabbitMQ is not a readiness check: while it is down, events wait in the outbox.
 */
async function openAuthStores(config: AuthSubgraphConfig, logger: Logger): Promise<OpenedStores<AuthStores>> {
  // Keys first: a bad AUTH_SIGNING_KEYS must stop the start before any connection is opened.
  const keys = await loadSigningKeys(config.AUTH_SIGNING_KEYS, config.NODE_ENV === 'production', logger);
  const postgres = await connectPrisma(PrismaClient, config.DATABASE_URL, 'auth');
  const redis = await connectRedis(config.REDIS_URL, 'auth').catch(async (error: unknown) => {
    await postgres.close();
    throw error;
  });
  const relay = startOutboxRelay({
    source: prismaOutbox(postgres.prisma, 'auth'),
    publisher: createEventPublisher({ url: config.RABBITMQ_URL, logger }),
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
  });
  const stores: AuthStores = {
    accounts: new AccountStore(postgres.prisma),
    sessions: new SessionStore(postgres.prisma, config.AUTH_REFRESH_TOKEN_TTL_SECONDS),
    passwordResets: new PasswordResetStore(postgres.prisma, config.AUTH_RESET_TOKEN_TTL_SECONDS),
    keys,
    accessTokens: new AccessTokenIssuer(keys, {
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      ttlSeconds: config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    }),
    loginThrottle: new LoginThrottle(redis.redis, {
      maxAccountFailures: config.AUTH_LOGIN_MAX_ACCOUNT_FAILURES,
      maxAddressFailures: config.AUTH_LOGIN_MAX_ADDRESS_FAILURES,
      lockoutSeconds: config.AUTH_LOGIN_LOCKOUT_SECONDS,
    }),
    google: new GoogleIdTokenVerifier(config.GOOGLE_CLIENT_ID, config.GOOGLE_JWKS_URL),
  };
  return {
    stores,
    readiness: [postgres.readiness, redis.readiness],
    close: async () => {
      await relay.stop(); // finishes the batch in flight while the database is still open
      await Promise.all([postgres.close(), redis.close()]);
    },
  };
}

export const authSubgraph = defineSubgraph({
  name: 'auth',
  defaultPort: 3001,
  env: authSubgraphEnv,
  schema: () =>
    buildFederatedSchema<AuthContext>({
      resolvers: [AccountResolver, SessionResolver, PasswordResolver, RoleResolver],
      references: { Account: resolveAccountReference },
    }),
  openStores: openAuthStores,
  loaders: (stores: AuthStores): AuthLoaders => ({
    accountById: byKeyLoader((ids) => stores.accounts.findByIds(ids), (account) => account.id),
  }),
  permissions: authPermissions,
  // The auth subgraph checks tokens with its own keys rather than fetching its own JWKS over HTTP.
  tokenKeys: (stores) => stores.keys.verificationKey,
  routes: (app, stores) => {
    app.get('/.well-known/jwks.json', (_req, res) => {
      // Verifiers cache the set and refetch on an unknown kid, so a short max-age is enough for rotation.
      res.setHeader('cache-control', 'public, max-age=300');
      res.json({ keys: stores.keys.publicJwks });
    });
  },
});
