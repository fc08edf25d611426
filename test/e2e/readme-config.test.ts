// The README's configuration is the newcomer's map: every variable a service reads must be in it, by name.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appServiceSpecs } from '../support/service-env';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('names every environment variable the router and the subgraphs read', () => {
    const variables = [...new Set(appServiceSpecs().flatMap((spec) => spec.variables))];
    expect(variables.length).toBeGreaterThan(40);
    expect(variables.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
