import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config';
import { seal, sealingKeyOf, unseal } from './sealed-secret';

describe('sealed secrets (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('open only under the same key and context, and never show the secret', () => {
    const sealed = seal(key, 'the-reset-token', 'account-1');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('the-reset-token');
    expect(seal(key, 'the-reset-token', 'account-1')).not.toBe(sealed); // a fresh IV each time
    expect(unseal(key, sealed, 'account-1')).toBe('the-reset-token');
    expect(() => unseal(key, sealed, 'account-2')).toThrow();
    expect(() => unseal(randomBytes(32), sealed, 'account-1')).toThrow();
    // Any sealed value with one character of its body changed (the second-to-last: all of its bits are the
    // ciphertext's) is refused; many of them, since each has another body (a test that left the character as it
    // was passed by chance once in 64 runs).
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const [version, iv, body] = seal(key, 'the-reset-token', 'account-1').split('.');
      const changed = body.at(-2) === 'A' ? 'B' : 'A';
      expect(() => unseal(key, `${version}.${iv}.${body.slice(0, -2)}${changed}${body.slice(-1)}`, 'account-1')).toThrow();
    }
    expect(() => unseal(key, 'plain-token', 'account-1')).toThrow('not a sealed value');
  });

  it('take the key in base64 or hex, from the variable or a file, and require one in production', () => {
    expect(sealingKeyOf({ MAIL_TOKEN_KEY: key.toString('base64') })).toEqual(key);
    expect(sealingKeyOf({ MAIL_TOKEN_KEY: key.toString('hex') })).toEqual(key);
    expect(() => sealingKeyOf({ MAIL_TOKEN_KEY: 'c2hvcnQ=' })).toThrow(ConfigError);
    expect(() => sealingKeyOf({ NODE_ENV: 'production' })).toThrow(/MAIL_TOKEN_KEY: required in production/);
    expect(sealingKeyOf({ NODE_ENV: 'development' })).toHaveLength(32);
  });
});
