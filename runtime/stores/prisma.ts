import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClientKnownRequestError } from '@prisma/client/runtime/client';
import { Pool, type PoolClient } from 'pg';
import type { ReadinessCheck } from '../health';
import type { OpenedStores } from './opened-stores';
import { countRoundTrip, roundTripDuration } from './round-trips';

/** The part of a generated Prisma client the runtime needs, whichever service's schema it was made from. */
interface PrismaLike {
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  $queryRawUnsafe(query: string): Promise<unknown>;
}

/** Prisma's code for a unique constraint that refused a write. */
const UNIQUE_VIOLATION = 'P2002';

/** Whether a write was refused by a unique constraint (every service's generated client throws the runtime's class). */
export const isUniqueViolation = (error: unknown): boolean => error instanceof PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION;

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
  const prisma = new Client({ adapter: new PrismaPg(countingPool(connectionString, schema), { schema, disposeExternalPool: true }) });
  await prisma.$connect();
  await prisma.$queryRawUnsafe('SELECT 1');
  return {
    prisma,
    readiness: { name: 'postgresql', check: () => prisma.$queryRawUnsafe('SELECT 1') },
    close: () => prisma.$disconnect(),
  };
}

/**
 * The pool Prisma's adapter sends every statement through (its own queries, transactions, raw SQL). Each
 * query on a pooled connection is one round trip to PostgreSQL, counted and timed for the service (= its schema).
 */
function countingPool(connectionString: string, service: string): Pool {
  const pool = new Pool({ connectionString });
  pool.on('connect', (client: PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      countRoundTrip(service, 'postgresql');
      const stop = roundTripDuration(service).startTimer({ store: 'postgresql' });
      const done = () => void stop();
      // The pool's own query() passes a callback (the adapter's queries outside transactions); others get a promise.
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function') {
        args[last] = (...results: unknown[]) => {
          done();
          return (callback as (...results: unknown[]) => unknown)(...results);
        };
        return query(...args);
      }
      const answer = query(...args);
      if (answer instanceof Promise) answer.then(done, done);
      return answer;
    }) as PoolClient['query'];
  });
  return pool;
}

/**
 * The `openStores` of a subgraph that keeps its data in PostgreSQL: one Prisma client on the service's
 * own schema, and the stores built on it.
 */
export function openPrismaStores<TClient extends PrismaLike, TProviders>(
  Client: new (options: { adapter: PrismaPg }) => TClient,
  schema: string,
  buildStores: (prisma: TClient) => TProviders,
): (config: { DATABASE_URL: string }) => Promise<OpenedStores<TProviders>> {
  return async (config) => {
    const postgres = await connectPrisma(Client, config.DATABASE_URL, schema);
    return { providers: buildStores(postgres.prisma), readiness: [postgres.readiness], close: postgres.close };
  };
}
