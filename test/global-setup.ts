import { applyMigrations } from '../scripts/migrations/apply';
import { testEnv } from './support/test-env';

/** Brings the test database's schemas up to the committed migrations before any test runs. */
export default async function setup(): Promise<void> {
  await applyMigrations({ databaseUrl: testEnv.DATABASE_URL });
}
