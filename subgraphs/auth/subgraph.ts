import { PrismaClient } from '../../prisma/auth/client/client';
import { RevocationWriter } from '../../runtime/auth/revocations/revocation-writer';
import { connectWithOutbox } from '../../runtime/events/outboxed-connections';
import { byKeyLoader } from '../../runtime/loaders';
import type { Registry } from 'prom-client';
import type { Logger } from '../../runtime/logger';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph, type OpenedStores } from '../../runtime/subgraph/definition';
import { SERVICE_PORTS } from '../../runtime/service-ports';
import { authSubgraphEnv, type AuthSubgraphConfig } from './config';
import type { AuthContext, AuthLoaders, AuthProviders } from './context';
import { authPermissions } from './permissions';
import { AccountResolver, resolveAccountReference } from './resolvers/account.resolver';
import { PasswordResolver } from './resolvers/password.resolver';
import { RoleResolver } from './resolvers/role.resolver';
import { SessionResolver } from './resolvers/session.resolver';
import { StaffDirectoryResolver } from './resolvers/staff-directory.resolver';
import { AccessTokenIssuer } from './security/access-tokens';
import { GoogleIdTokenVerifier } from './security/google-id-token';
import { LoginThrottle } from './security/login-throttle';
import { loadSigningKeys } from './security/signing-keys';
import { AccountStore } from './store/account.store';
import { PasswordResetStore } from './store/password-reset.store';
import { sealingKeyOf } from '../../runtime/mail/sealed-secret';
import { SessionStore } from './store/session.store';

/**
 * PostgreSQL for accounts, sessions and the outbox; Redis for sign-in throttling and token revocations; RabbitMQ (through the
 * outbox relay) for events. RabbitMQ is not a readiness check: while it is down, events wait in the outbox.
 */
async function openAuthStores(config: AuthSubgraphConfig, logger: Logger, registry: Registry): Promise<OpenedStores<AuthProviders>> {
  // Keys first: a bad AUTH_SIGNING_KEYS must stop the start before any connection is opened.
  const keys = await loadSigningKeys(config.AUTH_SIGNING_KEYS, config.NODE_ENV === 'production', logger);
  const connections = await connectWithOutbox(PrismaClient, 'auth', config, logger, registry);
  // Sign-outs, deletions and role changes reach access tokens already issued (runtime/auth/revocations).
  const revocations = new RevocationWriter(connections.redis, config.AUTH_ACCESS_TOKEN_TTL_SECONDS * 1000);
  const providers: AuthProviders = {
    accounts: new AccountStore(connections.prisma, revocations),
    sessions: new SessionStore(connections.prisma, revocations, config.AUTH_REFRESH_TOKEN_TTL_SECONDS),
    passwordResets: new PasswordResetStore(connections.prisma, revocations, config.AUTH_RESET_TOKEN_TTL_SECONDS, sealingKeyOf(config)),
    keys,
    accessTokens: new AccessTokenIssuer(keys, {
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      ttlSeconds: config.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    }),
    loginThrottle: new LoginThrottle(connections.redis, {
      maxAccountFailures: config.AUTH_LOGIN_MAX_ACCOUNT_FAILURES,
      maxAddressFailures: config.AUTH_LOGIN_MAX_ADDRESS_FAILURES,
      lockoutSeconds: config.AUTH_LOGIN_LOCKOUT_SECONDS,
    }),
    google: new GoogleIdTokenVerifier(config.GOOGLE_CLIENT_ID, config.GOOGLE_JWKS_URL),
  };
  return {
    providers,
    readiness: connections.readiness,
    close: connections.close,
  };
}

export const authSubgraph = defineSubgraph({
  name: 'auth',
  defaultPort: SERVICE_PORTS.auth,
  env: authSubgraphEnv,
  schema: () =>
    buildFederatedSchema<AuthContext>({
      resolvers: [AccountResolver, SessionResolver, PasswordResolver, RoleResolver, StaffDirectoryResolver],
      references: { Account: resolveAccountReference },
    }),
  openStores: openAuthStores,
  loaders: (providers: AuthProviders): AuthLoaders => ({
    accountById: byKeyLoader(
      (ids) => providers.accounts.findByIds(ids),
      (account) => account.id,
    ),
  }),
  permissions: authPermissions,
  // The auth subgraph checks tokens with its own keys rather than fetching its own JWKS over HTTP.
  tokenKeys: (providers) => providers.keys.verificationKey,
  routes: (app, providers) => {
    app.get('/.well-known/jwks.json', (_req, res) => {
      // Verifiers cache the set and refetch on an unknown kid, so a short max-age is enough for rotation.
      res.setHeader('cache-control', 'public, max-age=300');
      res.json({ keys: providers.keys.publicJwks });
    });
  },
});
