import { z } from 'zod';
import { localSubgraphUrl, SERVICE_PORTS, type SubgraphName } from './service-ports';

/** Thrown at start when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** A port number given as an environment string. */
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** A URL with one of the given schemes (checked, so a typo names the variable at start). */
export const url = (schemes: string[], fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine(
      (value) => {
        try {
          return schemes.includes(new URL(value).protocol.replace(/:$/, ''));
        } catch {
          return false;
        }
      },
      `must be a URL with scheme ${schemes.join(' or ')}`,
    );

/** The environment entry of a peer subgraph's endpoint (`CATALOG_URL` and the like), defaulting to this machine's. */
export const peerUrl = (name: SubgraphName) => url(['http', 'https'], localSubgraphUrl(name));

export const runtimeEnv = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
};

export const storeEnv = {
  DATABASE_URL: url(['postgres', 'postgresql'], 'postgresql://postgres@127.0.0.1:5432/flores'),
  MONGODB_URL: url(['mongodb', 'mongodb+srv'], 'mongodb://127.0.0.1:27017/flores'),
  REDIS_URL: url(['redis', 'rediss'], 'redis://127.0.0.1:6379/0'),
};

/**
 * Parses `env` with `shape`; every bad variable is named in one error,
 * so a misconfigured deployment fails at start instead of at first use.
 */
export function loadConfig<S extends z.ZodRawShape>(shape: S, env: Record<string, string | undefined> = process.env): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`));
  }
  return result.data;
}

/** How every service checks access tokens: the auth service's public keys, and who tokens are from and for. */
export const authEnv = {
  AUTH_JWKS_URL: url(['http', 'https'], `http://127.0.0.1:${SERVICE_PORTS.auth}/.well-known/jwks.json`),
  AUTH_ISSUER: z.string().min(1).default('flores-victoria-auth'),
  AUTH_AUDIENCE: z.string().min(1).default('flores-victoria'),
  /** Shared by the router and the subgraphs only: signs what the router vouches for (the client address). */
  INTERNAL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
};
