import { PrismaPg } from '@prisma/adapter-pg';
import type { ReadinessCheck } from '../health';

/** The part of a generated Prisma client the runtime needs, whichever service's schema it was made from. */
interface PrismaLike {
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  $queryRawUnsafe(query: string): Promise<unknown>;
}

export interface PrismaStore<TClient> {
  prisma: TClient;
  readiness: ReadinessCheck;
  close: () => Promise<void>;
}

/**
 * Opens a service's Prisma client on its own PostgreSQL schema. The adapter ignores `?schema=` in the
 * URL at run time, so the schema is passed to it explicitly.
 */
export async function connectPrisma<TClient extends PrismaLike>(
  Client: new (options: { adapter: PrismaPg }) => TClient,
  connectionString: string,
  schema: string,
): Promise<PrismaStore<TClient>> {
  const prisma = new Client({ adapter: new PrismaPg({ connectionString }, { schema }) });
  await prisma.$connect();
  await prisma.$queryRawUnsafe('SELECT 1');
  return {
    prisma,
    readiness: { name: 'postgresql', check: () => prisma.$queryRawUnsafe('SELECT 1') },
    close: () => prisma.$disconnect(),
  };
}
