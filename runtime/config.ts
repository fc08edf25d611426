import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { localSubgraphUrl, SERVICE_PORTS, type SubgraphName } from './service-ports';

/** Thrown at start when the environment does not describe a valid configuration. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** An unset variable and an empty one (compose's `${VAR:-}`, a blank line) mean the same: not configured. */
export const unlessBlank = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

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
 * The variables holding credentials, which a deployment may give as a file instead: `<NAME>_FILE` is the path of a
 * file holding the value (Docker and Kubernetes hand secrets to containers as files, which unlike the environment no
 * child process, crash report or `docker inspect` shows).
 */
export const FILE_VARIABLES = ['DATABASE_URL', 'MONGODB_URL', 'REDIS_URL', 'RABBITMQ_URL', 'INTERNAL_SECRET', 'AUTH_SIGNING_KEYS'] as const;

const given = (value: string | undefined): value is string => value !== undefined && value !== '';

/**
 * `env` with the value of each FILE_VARIABLES entry of `shape` read from its `<NAME>_FILE` when that is set (surrounding
 * whitespace dropped: files often end with a newline). Setting both forms is refused: one would silently win.
 */
function withFileValues(shape: z.ZodRawShape, env: Record<string, string | undefined>) {
  const problems = new Map<string, string>();
  const resolved = { ...env };
  for (const name of FILE_VARIABLES) {
    const path = env[`${name}_FILE`];
    if (!(name in shape) || !given(path)) continue;
    if (given(env[name])) {
      problems.set(name, `${name}: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      resolved[name] = readFileSync(path, 'utf8').trim();
    } catch (error) {
      // The path and the reason (ENOENT, EACCES…), never the content: it is a secret.
      problems.set(name, `${name}_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  return { resolved, problems };
}

/**
 * Parses `env` with `shape`; every bad variable is named in one error,
 * so a misconfigured deployment fails at start instead of at first use.
 */
export function loadConfig<S extends z.ZodRawShape>(shape: S, env: Record<string, string | undefined> = process.env): z.infer<z.ZodObject<S>> {
  const { resolved, problems } = withFileValues(shape, env);
  const result = z.object(shape).safeParse(resolved);
  if (problems.size || !result.success) {
    // A variable whose file failed is reported once, for that reason.
    const issues = result.success ? [] : result.error.issues.filter((issue) => !problems.has(String(issue.path[0])));
    throw new ConfigError([...problems.values(), ...issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`)]);
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
