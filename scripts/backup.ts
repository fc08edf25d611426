// `npm run backup`: one backup of every store the shop keeps data in, into a new folder under BACKUP_DIR
// (README, "Operations: backups"). PostgreSQL: DATABASE_URL's service schemas (pg_dump); MongoDB: every collection
// of MONGODB_URL's database; Redis: the keys that must survive in REDIS_URL's db (each URL, as for the services, may
// be given as a file instead: DATABASE_URL_FILE and so on). Prints the backup's folder last.
//   node dist/scripts/backup.js [--dir <folder>] [--keep <n>]     (default: BACKUP_DIR, BACKUP_KEEP)
import { parseArgs } from 'node:util';
import { loadConfig } from '../runtime/config';
import { backupEnv } from './backup/backup-env';
import { makeBackup } from './backup/make-backup';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, keep: { type: 'string' } } });
  const config = loadConfig(backupEnv, {
    ...process.env,
    ...(values.dir ? { BACKUP_DIR: values.dir } : {}),
    ...(values.keep ? { BACKUP_KEEP: values.keep } : {}),
  });
  const { path, manifest, pruned } = await makeBackup(config);
  const { postgresql, mongodb, redis } = manifest;
  const rows = postgresql.schemas.reduce((sum, s) => sum + Object.values(s.tables).reduce((n, count) => n + count, 0), 0);
  console.log(`postgresql: schemas ${postgresql.schemas.map((s) => s.schema).join(', ')}: ${rows} rows (${postgresql.server})`);
  console.log(`mongodb: ${mongodb.collections.length} collections, ${mongodb.collections.reduce((n, c) => n + c.documents, 0)} documents (${mongodb.server})`);
  console.log(`redis: ${redis.groups.map((g) => `${g.pattern} ${g.keys}`).join(', ')} (${redis.server})`);
  for (const name of pruned) console.log(`deleted old backup ${name}`);
  console.log(`backup: ${path}`);
}

main().catch((error: unknown) => {
  console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
