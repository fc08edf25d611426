// Migrations without Prisma's native schema engine (see scripts/migrations/).
//   node dist/scripts/migrate.js apply [--service <s>]...        apply pending migrations (DATABASE_URL)
//   node dist/scripts/migrate.js status [--service <s>]...       exit 1 unless up to date
//   node dist/scripts/migrate.js create --service <s> --name <n> new migration from schema.prisma changes
//   node dist/scripts/migrate.js diff [--service <s>]...         print drift SQL; exit 1 if any
import { parseArgs } from 'node:util';

import { applyMigrations, createMigration, databaseUrlFromEnv, diffMigrationsToSchema, isService, migrationStatus, SERVICES, type Service } from './migrations';

const USAGE = `usage: migrate.js <apply|status|diff> [--service <name>]...
       migrate.js create --service <name> --name <migration name>
services: ${SERVICES.join(', ')}; database: DATABASE_URL`;

function parseServices(values: string[] | undefined): Service[] {
  if (!values || values.length === 0) return [...SERVICES];
  for (const s of values) if (!isService(s)) throw new Error(`Unknown service "${s}".\n${USAGE}`);
  return values as Service[];
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { service: { type: 'string', multiple: true }, name: { type: 'string' } },
  });
  const databaseUrl = databaseUrlFromEnv();
  const services = parseServices(values.service);

  switch (positionals[0]) {
    case 'apply': {
      const result = await applyMigrations({ databaseUrl, services, log: (line) => console.log(line) });
      const count = Object.values(result).reduce((n, names) => n + (names?.length ?? 0), 0);
      console.log(count === 0 ? 'All migrations already applied.' : `Applied ${count} migration(s).`);
      return 0;
    }
    case 'status': {
      const statuses = await migrationStatus({ databaseUrl, services });
      for (const s of statuses) {
        console.log(`${s.service}: ${s.applied.length} applied, ${s.pending.length} pending${s.upToDate ? '' : ' (NOT up to date)'}`);
        for (const m of s.pending) console.log(`  pending   ${m.name}`);
        for (const m of s.modified) console.log(`  modified  ${m.name} (checksum differs from the applied one)`);
        for (const name of s.failed) console.log(`  failed    ${name}`);
        for (const name of s.unknown) console.log(`  not on disk ${name}`);
      }
      return statuses.every((s) => s.upToDate) ? 0 : 1;
    }
    case 'create': {
      if (values.service?.length !== 1 || !values.name) throw new Error(`create needs one --service and a --name.\n${USAGE}`);
      const created = await createMigration(services[0], values.name, { databaseUrl });
      console.log(created ? `Created ${created.file}` : `${services[0]}: no changes; schema.prisma matches the migrations.`);
      return 0;
    }
    case 'diff': {
      let drift = false;
      for (const service of services) {
        const sql = await diffMigrationsToSchema(service, { databaseUrl });
        drift ||= sql !== '';
        console.log(sql ? `-- ${service}: schema.prisma differs from the migrations\n${sql}` : `-- ${service}: in sync`);
      }
      return drift ? 1 : 0;
    }
    default:
      throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
