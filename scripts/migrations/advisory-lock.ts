import type pg from 'pg';

/**
 * The advisory lock key Prisma's schema engine takes on PostgreSQL while migrating. Using the same key
 * makes our runs and a native `prisma migrate deploy` wait for each other, not just our own runs.
 */
export const PRISMA_MIGRATE_LOCK_KEY = 72707369;

/** Runs `fn` while holding the session-level advisory lock on `client` (waits for other holders). */
export async function withAdvisoryLock<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  try {
    return await fn();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK_KEY]);
  }
}
