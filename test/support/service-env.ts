// What each deployable process reads from its environment, taken from the code itself (the zod shapes
// the services validate at start), so a deployment file can be checked against it.
import { z } from 'zod';
import { loadRouterConfig, routerEnv } from '../../router/config';
import { FILE_VARIABLES, loadConfig } from '../../runtime/config';
import { subgraphProcessEnv } from '../../runtime/subgraph/start';
import { databaseUrlFromEnv } from '../../scripts/migrations';
import { allSubgraphs } from '../../subgraphs';

export interface ServiceEnvSpec {
  /** The compose service name. */
  name: string;
  /** Where it listens unless PORT says otherwise; undefined for a job. */
  port?: number;
  /** Where it serves /metrics unless METRICS_PORT says otherwise; undefined for a job. */
  metricsPort?: number;
  /** Its source entry point (compiled to dist/<main>.js). */
  main: string;
  /** Every variable it reads by name (<NAME>_FILE included for those of fileVariables). */
  variables: string[];
  /** Variables it may read from a file instead: either NAME or NAME_FILE gives the value (runtime/config.ts FILE_VARIABLES). */
  fileVariables: string[];
  /** Families of variables it reads by pattern (the name part must be a subgraph's name). */
  patterns: RegExp[];
  /** Variables it cannot start without (no default, not optional). */
  required: string[];
  /** Variables whose default points at this machine's loopback: wrong inside a container. */
  loopbackDefaults: string[];
  /** Runs the code's own validation on an environment; throws ConfigError naming the bad variables. */
  validate: (env: Record<string, string>) => void;
}

const LOOPBACK = /127\.0\.0\.1|localhost|::1/;

/** The variables of a shape, with the <NAME>_FILE form of each FILE_VARIABLES entry, and the pairs among them. */
function variablesOf(names: string[]) {
  const fromFiles = names.filter((name) => (FILE_VARIABLES as readonly string[]).includes(name));
  const variables = [...names, ...fromFiles.map((name) => `${name}_FILE`)];
  return { variables, fileVariables: names.filter((name) => variables.includes(`${name}_FILE`)) };
}

function describeShape(shape: z.ZodRawShape) {
  const required: string[] = [];
  const loopbackDefaults: string[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const absent = z.safeParse(schema, undefined);
    if (!absent.success) required.push(name);
    else if (typeof absent.data === 'string' && LOOPBACK.test(absent.data)) loopbackDefaults.push(name);
  }
  return { ...variablesOf(Object.keys(shape)), required, loopbackDefaults };
}

const routerPort = loadConfig({ PORT: routerEnv.PORT }, {}).PORT;

/** The default of a shape's METRICS_PORT. */
const defaultMetricsPort = (shape: z.ZodRawShape) => (loadConfig({ METRICS_PORT: shape.METRICS_PORT }, {}) as { METRICS_PORT: number }).METRICS_PORT;

export function appServiceSpecs(): ServiceEnvSpec[] {
  const router: ServiceEnvSpec = {
    name: 'router',
    port: routerPort,
    metricsPort: defaultMetricsPort(routerEnv),
    main: 'router/main',
    ...describeShape(routerEnv),
    // router/config.ts subgraphUrlOverrides, router/resilience/resilience-env.ts per-subgraph overrides
    patterns: [/^SUBGRAPH_([A-Z0-9_]+)_URL$/, /^SUBGRAPH_([A-Z0-9_]+)_TIMEOUT_MS$/, /^SUBGRAPH_([A-Z0-9_]+)_MAX_CONCURRENCY$/],
    validate: (env) => {
      loadRouterConfig(env);
    },
  };
  const subgraphs = allSubgraphs.map((definition): ServiceEnvSpec => {
    const shape = { ...subgraphProcessEnv(definition.defaultPort), ...definition.env } as z.ZodRawShape;
    return {
      name: definition.name,
      port: definition.defaultPort,
      metricsPort: defaultMetricsPort(shape),
      main: `subgraphs/${definition.name}/main`,
      ...describeShape(shape),
      patterns: [],
      validate: (env) => {
        loadConfig(subgraphProcessEnv(definition.defaultPort), env);
        loadConfig(definition.env as z.ZodRawShape, env);
      },
    };
  });
  // The migrations job has no shape of its own: scripts/migrations/database-url.ts reads DATABASE_URL (or its file) alone.
  const migrate: ServiceEnvSpec = {
    name: 'migrate',
    main: 'scripts/migrate',
    ...variablesOf(['DATABASE_URL']),
    patterns: [],
    required: [],
    loopbackDefaults: LOOPBACK.test(databaseUrlFromEnv({})) ? ['DATABASE_URL'] : [],
    validate: (env) => void databaseUrlFromEnv(env),
  };
  return [router, ...subgraphs, migrate];
}

export const subgraphNames = (): string[] => allSubgraphs.map((s) => s.name);
