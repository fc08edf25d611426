// `npm run restore -- <backup folder | latest> [--yes]`: puts a backup made by scripts/backup.ts back into the stores
// DATABASE_URL, MONGODB_URL and REDIS_URL name (or the files DATABASE_URL_FILE… hold), replacing what they hold
// (README, "Operations: backups").
// Without --yes it only verifies the backup and says what it would replace. Exit 0 done (or verified), 1 failed,
// 2 refused: the backup does not verify (nothing was changed), or the arguments are wrong.
import { parseArgs } from 'node:util';
import { loadConfig } from '../runtime/config';
import { backupEnv } from './backup/backup-env';
import { BackupRefused, verifyBackup } from './backup/manifest';
import { describePlan, findBackup, restoreBackup } from './backup/restore-backup';

const USAGE = 'usage: restore.js <backup folder | latest> [--yes]   (latest: the newest complete backup in BACKUP_DIR)';

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { yes: { type: 'boolean', default: false } } });
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(backupEnv);
  const dir = await findBackup(positionals[0], config);
  if (!values.yes) {
    const manifest = await verifyBackup(dir);
    for (const line of describePlan(manifest, config)) console.log(line);
    console.log(`verified: ${dir}; nothing was changed. Stop the shop's services, then run again with --yes to restore.`);
    return 0;
  }
  const { manifest } = await restoreBackup(dir, config, (line) => console.log(line));
  console.log(`restored: ${manifest.name} (made ${manifest.finishedAt})`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof BackupRefused) {
      console.error(`restore refused, nothing was changed: ${message}`);
      process.exit(2);
    }
    console.error(`restore failed: ${message}`);
    process.exit(1);
  },
);
