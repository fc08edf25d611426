/** Parameters of a connection URI that libpq (pg_dump, psql) knows; Prisma's (`schema`, `connection_limit`…) make it refuse the URI. */
const LIBPQ_PARAMETERS = new Set([
  'application_name',
  'channel_binding',
  'connect_timeout',
  'gssencmode',
  'keepalives',
  'keepalives_count',
  'keepalives_idle',
  'keepalives_interval',
  'options',
  'sslcert',
  'sslcrl',
  'sslkey',
  'sslmode',
  'sslrootcert',
  'target_session_attrs',
]);

/**
 * How PostgreSQL's command-line tools reach DATABASE_URL: the URI without its password and without parameters
 * libpq does not know, and the password in PGPASSWORD (an argument would show in the process list).
 */
export function libpqConnection(databaseUrl: string): { uri: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  for (const name of [...url.searchParams.keys()]) if (!LIBPQ_PARAMETERS.has(name)) url.searchParams.delete(name);
  const env: NodeJS.ProcessEnv = { ...process.env, PGCONNECT_TIMEOUT: process.env.PGCONNECT_TIMEOUT ?? '10' };
  // A password from the environment or ~/.pgpass is used when the URL has none.
  if (password !== '') env.PGPASSWORD = password;
  return { uri: url.toString(), env };
}

/** The database a URL names (its path), for the manifest: never the host or the credentials. */
export const databaseName = (databaseUrl: string) => decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
