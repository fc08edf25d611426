export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/flores';

export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || DEFAULT_DATABASE_URL;
}
