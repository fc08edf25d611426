import { testEnv } from './support/test-env';

/** Brings the test database's schemas up to the committed migrations before any test runs. */
export default async function setup(): Promise<void> {
  const { applyMigrations } = await import('../scripts/migrations/apply');
  await applyMigrations({ databaseUrl: testEnv.DATABASE_URL });
}
