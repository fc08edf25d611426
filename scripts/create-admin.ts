// The first admin (and any later one) without a default password:
//   npm run auth:create-admin -- --email ana@example.com --password '…'
//   printf '%s' "$PASSWORD" | npm run auth:create-admin -- --email ana@example.com   (keeps it out of `ps` and shell history)
// Creates the account if the email has none (the password policy applies), then grants it ADMIN; an
// existing account keeps its password and only gains ADMIN. Its events go to the outbox like any other
// change, so a running auth service publishes them. Database: DATABASE_URL.
import { parseArgs } from 'node:util';
import { PrismaClient } from '../prisma/auth/client/client';
import { loadConfig, storeEnv } from '../runtime/config';
import { connectPrisma } from '../runtime/stores/prisma';
import { check, isEmail, normaliseEmail } from '../runtime/validation';
import { checkPasswordPolicy } from '../subgraphs/auth/security/password-policy';
import { hashPassword } from '../subgraphs/auth/security/passwords';
import { AccountStore } from '../subgraphs/auth/store/account.store';

const USAGE = 'usage: npm run auth:create-admin -- --email <email> [--password <password>]  (no --password: read from stdin)';

/** Who granted a role, in `auth.roles.changed`, when it was not an admin through the API. */
export const CREATE_ADMIN_ACTOR = 'script:create-admin';

export interface CreatedAdmin {
  accountId: string;
  email: string;
  created: boolean;
}

export async function createAdmin(options: { databaseUrl: string; email: string; password?: string }): Promise<CreatedAdmin> {
  const email = normaliseEmail(options.email);
  check(isEmail(email), 'email', 'Email address is not valid');
  const postgres = await connectPrisma(PrismaClient, options.databaseUrl, 'auth');
  try {
    const accounts = new AccountStore(postgres.prisma, null);
    let account = await accounts.findRowByEmail(email);
    const created = account === null;
    if (!account) {
      if (options.password === undefined) throw new Error('No account has this email yet: give it a password');
      checkPasswordPolicy(options.password, email);
      const registered = await accounts.register(email, await hashPassword(options.password));
      account = await accounts.findRowById(registered.id);
    }
    await accounts.grantRole(account!.id, 'ADMIN', CREATE_ADMIN_ACTOR);
    return { accountId: account!.id, email, created };
  } finally {
    await postgres.close();
  }
}

async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  return text === '' ? undefined : text;
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { email: { type: 'string' }, password: { type: 'string' } } });
  if (!values.email) {
    console.error(USAGE);
    return 2;
  }
  const { DATABASE_URL } = loadConfig({ DATABASE_URL: storeEnv.DATABASE_URL });
  const result = await createAdmin({ databaseUrl: DATABASE_URL, email: values.email, password: values.password ?? (await readStdin()) });
  console.log(`${result.created ? 'Created' : 'Promoted'} ${result.email} (account ${result.accountId}): it now has the ADMIN role.`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
