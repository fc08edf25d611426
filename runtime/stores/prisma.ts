import { PrismaPg } from '@prisma/adapter-pg';
import type { ReadinessCheck } from '../health';
import type { OpenedStores } from '../subgraph/definition';

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

/**
 * The `openStores` of a subgraph that keeps its data in PostgreSQL: one Prisma client on the service's
 * own schema, and the stores built on it.
 */
export function openPrismaStores<TClient extends PrismaLike, TStores>(
  Client: new (options: { adapter: PrismaPg }) => TClient,
  schema: string,
  buildStores: (prisma: TClient) => TStores,
): (config: { DATABASE_URL: string }) => Promise<OpenedStores<TStores>> {
  return async (config) => {
    const postgres = await connectPrisma(Client, config.DATABASE_URL, schema);
    return { stores: buildStores(postgres.prisma), readiness: [postgres.readiness], close: postgres.close };
  };
}
