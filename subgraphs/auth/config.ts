import { z } from 'zod';
import { authEnv, runtimeEnv, storeEnv, unlessBlank, url } from '../../runtime/config';
import { eventsEnv, outboxEnv } from '../../runtime/events/events-env';
import { sealingKeyEnv } from '../../runtime/mail/sealed-secret';
import { signingKeysVariable } from './security/signing-keys';

const seconds = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const count = (fallback: number) => z.coerce.number().int().min(1).max(10_000).default(fallback);
/** Unset and empty are the same: deployments often template an empty value. */
const optionalText = unlessBlank(z.string().min(1));

const DAY = 24 * 60 * 60;

/** Everything the auth subgraph reads from the environment, checked at start. */
export const authSubgraphEnv = {
  NODE_ENV: runtimeEnv.NODE_ENV,
  DATABASE_URL: storeEnv.DATABASE_URL,
  REDIS_URL: storeEnv.REDIS_URL,
  ...eventsEnv,
  ...outboxEnv,
  AUTH_ISSUER: authEnv.AUTH_ISSUER,
  AUTH_AUDIENCE: authEnv.AUTH_AUDIENCE,
  AUTH_SIGNING_KEYS: signingKeysVariable,
  AUTH_ACCESS_TOKEN_TTL_SECONDS: seconds(15 * 60, 1, DAY),
  AUTH_REFRESH_TOKEN_TTL_SECONDS: seconds(30 * DAY, 1, 365 * DAY),
  AUTH_RESET_TOKEN_TTL_SECONDS: seconds(60 * 60, 1, 7 * DAY),
  /** Seals reset tokens for the users service's mailer (the only other holder of the key). */
  ...sealingKeyEnv,
  AUTH_LOGIN_MAX_ACCOUNT_FAILURES: count(5),
  AUTH_LOGIN_MAX_ADDRESS_FAILURES: count(20),
  AUTH_LOGIN_LOCKOUT_SECONDS: seconds(15 * 60, 1, DAY),
  GOOGLE_CLIENT_ID: optionalText,
  GOOGLE_JWKS_URL: url(['https', 'http'], 'https://www.googleapis.com/oauth2/v3/certs'),
};

export type AuthSubgraphConfig = z.infer<z.ZodObject<typeof authSubgraphEnv>>;
