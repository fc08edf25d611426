import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import type { SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

import { engineAdapterFactory } from './engine-adapter';

type EngineModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

// Our lib setting (ES2022, no DOM) has no WebAssembly typings: declare the one call we make.
const { WebAssembly: Wasm } = globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: { exports: Record<string, unknown> } }> };
};

let loaded: Promise<EngineModule> | undefined;

/**
 * Loads the WebAssembly schema engine once per process. Its package entry imports the .wasm file as an
 * ES module, which Node 20 cannot do, so the bindings are wired to a manually instantiated module.
 */
function loadEngineModule(): Promise<EngineModule> {
  loaded ??= (async () => {
    const bindings: EngineModule = await import('@prisma/schema-engine-wasm/schema_engine_bg');
    const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const { instance } = await Wasm.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': bindings });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return bindings;
  })();
  return loaded;
}

export interface EngineConnection {
  databaseUrl: string;
  /** The schema the engine treats as its own (where it keeps `_prisma_migrations`); default "public". */
  defaultSchema?: string;
  /** Names of the shadow databases it creates start with this (default `prisma_shadow`). */
  shadowDatabasePrefix?: string;
}

/**
 * Runs `use` with a fresh engine for `schema` (a schema.prisma text) connected to `databaseUrl`,
 * then frees the engine and closes every connection it opened.
 */
export async function withSchemaEngine<T>(schema: string, connection: EngineConnection, use: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const factory = engineAdapterFactory(connection.databaseUrl, connection.defaultSchema, connection.shadowDatabasePrefix);
  try {
    const engine = await SchemaEngine.new(
      { datamodels: [['schema.prisma', schema]] },
      () => undefined, // engine log lines (JSON); errors reach us as rejections anyway
      bindMigrationAwareSqlAdapterFactory(factory),
    );
    try {
      return await use(engine);
    } finally {
      engine.free();
    }
  } finally {
    await factory.close();
  }
}
