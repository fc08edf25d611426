import { z } from 'zod';
import { port, runtimeEnv, storeEnv } from '../../runtime/config';

/** What the MongoDB exporter reads from its environment (test/e2e/compose-config.test.ts checks compose's against it). */
export const mongodbExporterEnv = {
  ...runtimeEnv,
  MONGODB_URL: storeEnv.MONGODB_URL,
  /** The databases whose collections are reported, comma separated; default: the URL's database. */
  MONGODB_EXPORTER_DATABASES: z.string().optional(),
  PORT: port(9216),
  HOST: z.string().default('127.0.0.1'),
  /** The longest a scrape waits for the server. */
  MONGODB_EXPORTER_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
};
