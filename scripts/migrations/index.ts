// The migration toolkit used by scripts/migrate.ts and by tests.
export { applyMigrations, MigrationError, type ApplyOptions } from './apply';
export { createMigration, type CreatedMigration } from './create';
export { DEFAULT_DATABASE_URL, databaseUrlFromEnv } from './database-url';
export { diffEmptyToSchema, diffMigrationsToSchema, type DiffOptions } from './diff';
export { readMigrations, type MigrationFile } from './migration-files';
export { SERVICES, isService, type Service } from './services';
export { migrationStatus, type ServiceStatus } from './status';
