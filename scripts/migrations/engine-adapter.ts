import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';

import { CharAsTextClient } from './char-as-text-client';
import { quoteIdent } from './sql-identifier';
import { createThrowawayDatabase } from './throwaway-database';

export interface EngineAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  /** Closes every pool still open: the engine does not dispose its main connection when freed. */
  close(): Promise<void>;
}

/**
 * The adapter factory the schema engine drives. The engine takes the adapter's schema as its default
 * one: leave it unset ("public") when generating SQL, so every object is qualified with its service
 * schema ("auth"."accounts"); set it to a service schema to make the engine read that schema's
 * `_prisma_migrations`. Shadow databases are throwaway databases on the same server, dropped only
 * after their pool is closed.
 */
export function engineAdapterFactory(connectionString: string, defaultSchema?: string, shadowDatabasePrefix = 'prisma_shadow'): EngineAdapterFactory {
  const open = new Set<() => Promise<void>>();

  async function adapterOver(url: string, afterClose?: () => Promise<void>): Promise<SqlDriverAdapter> {
    const pool = new pg.Pool({
      connectionString: url,
      max: 2,
      Client: CharAsTextClient,
      // The engine names its own table unqualified: point search_path at the default schema too.
      ...(defaultSchema ? { options: `-c search_path=${quoteIdent(defaultSchema)}` } : {}),
    });
    // An idle connection of the shadow database is cut when the engine drops that database: expected, not a crash.
    pool.on('error', () => {});
    const adapter = await new PrismaPg(pool, defaultSchema ? { schema: defaultSchema } : undefined).connect();
    // The adapter splits scripts at every ";", which breaks function bodies ($$ … ; … $$) in migrations; the
    // server takes a whole multi-statement script in one simple query, as `apply` sends it.
    adapter.executeScript = async (script: string) => {
      await pool.query(script);
    };
    const dispose = adapter.dispose.bind(adapter);
    const close = async () => {
      open.delete(close);
      try {
        await dispose();
        await pool.end();
      } finally {
        await afterClose?.();
      }
    };
    open.add(close);
    adapter.dispose = close;
    return adapter;
  }

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => adapterOver(connectionString),
    connectToShadowDb: async () => {
      const shadow = await createThrowawayDatabase(connectionString, shadowDatabasePrefix);
      return adapterOver(shadow.url, () => shadow.drop());
    },
    close: async () => {
      await Promise.all([...open].map((close) => close()));
    },
  };
}
