import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './codes';
import { errorCodesTable, withErrorCodesTable } from './codes-table';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe("the README's error codes", () => {
  it('are the table written from ERROR_CODES (npm run docs:errors writes it again)', () => {
    expect(withErrorCodesTable(readme)).toBe(readme);
  });

  it('list every code once, with its status', () => {
    const table = errorCodesTable();
    for (const code of Object.keys(ERROR_CODES)) expect(table.split(`| \`${code}\` |`)).toHaveLength(2);
    expect(table).toMatch(/\| `TOO_MANY_ATTEMPTS` \| 429 \|/);
    expect(table).toMatch(/\| `ROUTER_BUSY` \| 503 \|/);
  });
});
