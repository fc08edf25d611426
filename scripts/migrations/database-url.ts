import { loadConfig, storeEnv } from '../../runtime/config';

/** storeEnv's default, named for the migration tools. */
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/flores';

/** DATABASE_URL, or the content of the file DATABASE_URL_FILE names (a Docker or Kubernetes secret); empty is unset. */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return loadConfig({ DATABASE_URL: storeEnv.DATABASE_URL }, { ...env, DATABASE_URL: env.DATABASE_URL || undefined }).DATABASE_URL;
}
