import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { databaseUrlFromEnv, DEFAULT_DATABASE_URL } from '../scripts/migrations';
import { authSubgraphEnv } from '../subgraphs/auth/config';
import { authEnv, ConfigError, FILE_VARIABLES, loadConfig, port, storeEnv } from './config';

const dir = mkdtempSync(join(tmpdir(), 'config-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file holding `content`, as Docker and Kubernetes mount a secret. */
function secretFile(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The ConfigError's message, or fails. */
function problemsOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('no ConfigError');
}

const secret = 'an-internal-secret-read-from-a-file-0123456789';

describe('loadConfig: credentials from files (<NAME>_FILE)', () => {
  it('reads the value of a credential from the file its _FILE variable names, without the trailing newline', () => {
    const path = secretFile('internal-secret', `${secret}\n`);
    expect(loadConfig(authEnv, { INTERNAL_SECRET_FILE: path }).INTERNAL_SECRET).toBe(secret);
    const url = secretFile('database-url', 'postgresql://app:p%40ss@db:5432/flores\r\n');
    expect(loadConfig(storeEnv, { DATABASE_URL_FILE: url }).DATABASE_URL).toBe('postgresql://app:p%40ss@db:5432/flores');
  });

  it("checks a file's value as it checks the variable, and names the variable, never the value", () => {
    const short = secretFile('short-secret', 'short-and-secret');
    const message = problemsOf(() => loadConfig(authEnv, { INTERNAL_SECRET_FILE: short }));
    expect(message).toMatch(/INTERNAL_SECRET: must be at least 32 characters/);
    expect(message).not.toContain('short-and-secret');
    const notUrl = secretFile('not-a-url', 'mysql://root:hunter2@db/flores');
    const urlMessage = problemsOf(() => loadConfig(storeEnv, { DATABASE_URL_FILE: notUrl }));
    expect(urlMessage).toMatch(/DATABASE_URL: must be a URL with scheme postgres or postgresql/);
    expect(urlMessage).not.toContain('hunter2');
  });

  it("parses auth's signing keys from a file (a JSON array of JWKs, as a mounted secret holds it)", () => {
    const keys = [{ kty: 'EC', crv: 'P-256', x: 'eA', y: 'eQ', d: 'ZA', kid: 'from-file' }];
    const path = secretFile('signing-keys.json', `${JSON.stringify(keys, null, 2)}\n`);
    expect(loadConfig(authSubgraphEnv, { AUTH_SIGNING_KEYS_FILE: path }).AUTH_SIGNING_KEYS).toEqual(keys);
    const broken = secretFile('broken-keys.json', '[{"kid": "x", "d": "top-secret"');
    const message = problemsOf(() => loadConfig(authSubgraphEnv, { AUTH_SIGNING_KEYS_FILE: broken }));
    expect(message).toMatch(/AUTH_SIGNING_KEYS: must be a JSON array/);
    expect(message).not.toContain('top-secret');
  });

  it('refuses both forms of one variable: neither would win silently', () => {
    const path = secretFile('both', secret);
    const message = problemsOf(() => loadConfig(authEnv, { INTERNAL_SECRET: secret, INTERNAL_SECRET_FILE: path }));
    expect(message).toContain('INTERNAL_SECRET: set either INTERNAL_SECRET or INTERNAL_SECRET_FILE, not both');
    // Empty is unset (compose's `${VAR:-}`), so an empty variable beside a file is no conflict.
    expect(loadConfig(authEnv, { INTERNAL_SECRET: '', INTERNAL_SECRET_FILE: path }).INTERNAL_SECRET).toBe(secret);
    expect(loadConfig(authEnv, { INTERNAL_SECRET: secret, INTERNAL_SECRET_FILE: '' }).INTERNAL_SECRET).toBe(secret);
  });

  it('names the file it cannot read and why, once, beside the other problems', () => {
    const missing = join(dir, 'no-such-file');
    const message = problemsOf(() => loadConfig({ ...storeEnv, PORT: port(3000) }, { REDIS_URL_FILE: missing, PORT: 'eighty' }));
    expect(message).toContain(`REDIS_URL_FILE: cannot read ${missing} (ENOENT)`);
    expect(message).toMatch(/PORT: /);
    expect(message.match(/REDIS_URL/g)).toHaveLength(1);
    if (process.getuid?.() !== 0) {
      const unreadable = secretFile('unreadable', secret);
      chmodSync(unreadable, 0o000);
      expect(problemsOf(() => loadConfig(authEnv, { INTERNAL_SECRET_FILE: unreadable }))).toContain('(EACCES)');
    }
  });

  it('reads files only for credentials the shape asks for, and only for the credential variables', () => {
    const missing = join(dir, 'absent');
    // REDIS_URL_FILE is ignored by a shape without REDIS_URL, and PORT is no credential: PORT_FILE means nothing.
    expect(loadConfig({ PORT: port(3000) }, { REDIS_URL_FILE: missing, PORT_FILE: missing })).toEqual({ PORT: 3000 });
    expect(FILE_VARIABLES).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'MONGODB_URL', 'REDIS_URL', 'RABBITMQ_URL', 'INTERNAL_SECRET', 'AUTH_SIGNING_KEYS']),
    );
    for (const name of FILE_VARIABLES)
      expect(loadConfig({ [name]: z.string().optional() }, { [`${name}_FILE`]: secretFile(name, 'v\n') })).toEqual({ [name]: 'v' });
  });

  it("the migrations' DATABASE_URL too: from the variable, its file, or the default", () => {
    expect(databaseUrlFromEnv({})).toBe(DEFAULT_DATABASE_URL);
    expect(databaseUrlFromEnv({ DATABASE_URL: '' })).toBe(DEFAULT_DATABASE_URL);
    expect(loadConfig(storeEnv, {}).DATABASE_URL).toBe(DEFAULT_DATABASE_URL);
    const path = secretFile('migrate-url', 'postgresql://migrator@db:5432/flores\n');
    expect(databaseUrlFromEnv({ DATABASE_URL_FILE: path })).toBe('postgresql://migrator@db:5432/flores');
    expect(() => databaseUrlFromEnv({ DATABASE_URL_FILE: join(dir, 'nope') })).toThrow(ConfigError);
  });
});
