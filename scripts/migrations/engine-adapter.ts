import { randomUUID } from 'node:crypto';

import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';

import { CharAsTextClient } from './char-as-text-client';

async function adapterOver(config: pg.PoolConfig, afterClose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const pool = new pg.Pool({ ...config, max: 2, Client: CharAsTextClient });
  const adapter = await new PrismaPg(pool).connect();
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await pool.end();
    await afterClose?.();
  };
  return adapter;
}

async function runOnce(connectionString: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The adapter factory the schema engine drives. No `schema` option on purpose: the engine then treats
 * "public" as the default schema and qualifies every object with its service schema ("auth"."accounts").
 * Shadow databases are throwaway databases on the same server, dropped only after their pool is closed.
 */
export function engineAdapterFactory(connectionString: string): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => adapterOver({ connectionString }),
    connectToShadowDb: async () => {
      const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      await runOnce(connectionString, `CREATE DATABASE "${name}"`);
      const url = new URL(connectionString);
      url.pathname = `/${name}`;
      return adapterOver({ connectionString: url.toString() }, () =>
        runOnce(connectionString, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
      );
    },
  };
}
