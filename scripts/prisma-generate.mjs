// Generates the Prisma client of every service (prisma/<service>/client). Runs as `postinstall`.
//
// `prisma generate` only needs the WebAssembly engines shipped in the `prisma` package, but the CLI
// first insists that a native schema-engine binary exists. Machines that cannot download it (no
// access to Prisma's binary host) get PRISMA_SCHEMA_ENGINE_BINARY pointed at a placeholder file;
// where a native engine is installed, or the variable is already set, the CLI runs untouched.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVICES = ['auth', 'users', 'orders', 'contact'];
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

function resolveFrom(id, base) {
  try {
    return createRequire(base).resolve(id);
  } catch {
    return null;
  }
}

/** True when @prisma/engines (as the CLI resolves it) holds a downloaded native schema engine. */
function hasNativeSchemaEngine(prismaPackageJson) {
  const enginesPackageJson = resolveFrom('@prisma/engines/package.json', prismaPackageJson);
  if (!enginesPackageJson) return false;
  const dir = dirname(enginesPackageJson);
  return readdirSync(dir).some((name) => name.startsWith('schema-engine'));
}

function engineEnv(prismaPackageJson) {
  const env = { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? '1' };
  const alreadySet = env.PRISMA_SCHEMA_ENGINE_BINARY || env.PRISMA_MIGRATION_ENGINE_BINARY;
  if (!alreadySet && !hasNativeSchemaEngine(prismaPackageJson)) {
    // Any existing file will do: generate never executes it. This script is one that always exists
    // (and is not executable, so a command that did try to run it would fail loudly).
    env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(import.meta.url);
  }
  return env;
}

function generate(cli, service, env) {
  const config = join('prisma', service, 'prisma.config.ts');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'generate', '--config', config], { cwd: root, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ service, code: 1, output: String(error) }));
    child.on('close', (code) => resolve({ service, code, output }));
  });
}

async function main() {
  const prismaPackageJson = resolveFrom('prisma/package.json', join(root, 'package.json'));
  if (!prismaPackageJson) {
    // Production installs omit devDependencies: nothing to generate with, and no reason to fail the install.
    console.warn('prisma-generate: the `prisma` package is not installed; skipping client generation.');
    return;
  }
  const cli = require.resolve('prisma/build/index.js', { paths: [root] });
  const env = engineEnv(prismaPackageJson);
  const missing = SERVICES.filter((s) => !existsSync(join(root, 'prisma', s, 'schema.prisma')));
  if (missing.length > 0) throw new Error(`prisma-generate: no schema.prisma for ${missing.join(', ')}`);

  const results = await Promise.all(SERVICES.map((service) => generate(cli, service, env)));
  const failed = results.filter((r) => r.code !== 0);
  for (const r of failed) console.error(`prisma generate failed for ${r.service}:\n${r.output}`);
  if (failed.length > 0) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
