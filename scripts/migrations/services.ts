import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The services that own a Prisma schema, each in a PostgreSQL schema of the same name. */
export const SERVICES = ['auth', 'users', 'orders', 'contact'] as const;
export type Service = (typeof SERVICES)[number];

export function isService(name: string): name is Service {
  return (SERVICES as readonly string[]).includes(name);
}

/** The repository root, found from here whether running from scripts/ (vitest) or dist/scripts/ (tsc output). */
export function findRepoRoot(start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'prisma', 'auth', 'schema.prisma'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No prisma/auth/schema.prisma above ${start}`);
  }
}

/** Where one service's Prisma files live. `prismaDir` defaults to <repo>/prisma; tests point it at a copy. */
export function servicePaths(service: Service, prismaDir = join(findRepoRoot(), 'prisma')) {
  const dir = join(prismaDir, service);
  return {
    dir,
    schemaFile: join(dir, 'schema.prisma'),
    migrationsDir: join(dir, 'migrations'),
    lockFile: join(dir, 'migrations', 'migration_lock.toml'),
  };
}
