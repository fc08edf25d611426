// Shared by the per-service prisma.config.ts files. Reads process.env directly: Prisma's env() throws
// when the variable is unset, even for `prisma generate`, which needs no database.
const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/flores';

/**
 * DATABASE_URL with `schema=<service>`, so the native CLI keeps `_prisma_migrations` in the
 * service's own PostgreSQL schema, where scripts/migrate.ts records it too.
 */
export function serviceDatabaseUrl(service: string, base = process.env.DATABASE_URL ?? DEFAULT_URL): string {
  const url = new URL(base);
  url.searchParams.set('schema', service);
  return url.toString();
}
