// Credentials as files, as docker-compose.yml (secrets under /run/secrets) and the Helm chart (a projected volume)
// give them: the built auth service and the migrations take every credential from <NAME>_FILE and nothing from the
// environment, and a missing file stops them at start, naming it.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceCallerHeaders } from '../../runtime/auth/service-caller';
import { graphql } from '../support/graphql';
import { spawnService, type ServiceProcess } from '../support/service-process';
import { testEnv } from '../support/test-env';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'secret-files-'));
const kid = `secret-file-${randomUUID()}`;
const internalSecret = `secret-file-internal-${randomUUID()}`;
const STAFF_ACCOUNTS = `query($ids: [ID!]!) { staffAccounts(ids: $ids) { id } }`;

/** Each credential in a file of its own (ending with a newline, as `kubectl create secret --from-file` keeps it). */
function credentialFiles(values: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const path = join(dir, name);
    writeFileSync(path, `${value}\n`, { mode: 0o400 });
    env[`${name}_FILE`] = path;
    env[name] = ''; // testEnv's value, emptied: only the file may give it
  }
  return env;
}

describe('credentials from files (<NAME>_FILE)', () => {
  let auth: ServiceProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    env = credentialFiles({
      DATABASE_URL: testEnv.DATABASE_URL,
      REDIS_URL: testEnv.REDIS_URL,
      RABBITMQ_URL: testEnv.RABBITMQ_URL,
      INTERNAL_SECRET: internalSecret,
      AUTH_SIGNING_KEYS: JSON.stringify([{ ...(await exportJWK(privateKey)), kid }], null, 2),
    });
    auth = await spawnService('subgraphs/auth/main.js', 'auth subgraph listening', env);
  }, 60_000);
  afterAll(async () => {
    await auth?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the auth service signs with the keys of its file and reaches its stores through the URLs of theirs', async () => {
    const jwks = (await (await fetch(new URL('/.well-known/jwks.json', auth.url))).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([kid]);
    const ready = await fetch(new URL('/readyz', auth.url));
    expect(ready.status).toBe(200);
  });

  it('it trusts the service signatures made with the internal secret of its file, and no other', async () => {
    const ids = [randomUUID()];
    const signed = await graphql(auth.url, STAFF_ACCOUNTS, { ids }, serviceCallerHeaders('contact', internalSecret));
    expect(signed.errors).toBeUndefined();
    expect(signed.data).toEqual({ staffAccounts: [] });
    const other = await graphql(auth.url, STAFF_ACCOUNTS, { ids }, serviceCallerHeaders('contact', testEnv.INTERNAL_SECRET));
    expect(other.data).toBeNull();
    expect(other.errors?.[0].extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
  });

  it('a service whose credential file is missing does not start, and says which file', async () => {
    const missing = join(dir, 'no-such-secret');
    await expect(spawnService('subgraphs/auth/main.js', 'auth subgraph listening', { ...env, INTERNAL_SECRET_FILE: missing })).rejects.toThrow(
      `INTERNAL_SECRET_FILE: cannot read ${missing} (ENOENT)`,
    );
  });

  it('the migrations read DATABASE_URL from its file too', async () => {
    const migrate = (extra: Record<string, string>) =>
      promisify(execFile)(process.execPath, [join(ROOT, 'dist', 'scripts', 'migrate.js'), 'status', '--service', 'auth'], {
        env: { ...process.env, DATABASE_URL: '', ...extra },
      });
    const { stdout } = await migrate({ DATABASE_URL_FILE: env.DATABASE_URL_FILE });
    expect(stdout).toMatch(/^auth: \d+ applied, 0 pending/m);
    await expect(migrate({ DATABASE_URL_FILE: join(dir, 'absent') })).rejects.toMatchObject({
      stderr: expect.stringContaining('DATABASE_URL_FILE: cannot read'),
    });
  });
});
