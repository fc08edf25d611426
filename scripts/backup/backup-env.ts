import { z } from 'zod';
import { storeEnv } from '../../runtime/config';

/**
 * What backup and restore read from the environment: the stores as every service reads them (each URL also as a file,
 * `<NAME>_FILE`, through loadConfig as the services do; the chart's CronJob gives them so), and where backups go.
 */
export const backupEnv = {
  DATABASE_URL: storeEnv.DATABASE_URL,
  MONGODB_URL: storeEnv.MONGODB_URL,
  REDIS_URL: storeEnv.REDIS_URL,
  /** The folder each backup is made in (a folder of its own per backup), and where `restore latest` looks. */
  BACKUP_DIR: z.string().min(1).default('backups'),
  /** How many backups to keep in BACKUP_DIR after a new one is made, the oldest going first; 0 keeps all. */
  BACKUP_KEEP: z.coerce.number().int().min(0).max(10_000).default(0),
};

export type BackupConfig = z.infer<z.ZodObject<typeof backupEnv>>;
