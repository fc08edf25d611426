// The Helm chart's templates read as text (test/e2e/helm-chart.test.ts renders them with Helm): the values they use.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function readTemplates(chartDir: string): Record<string, string> {
  const dir = join(chartDir, 'templates');
  return Object.fromEntries(readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
}

/** Every `.Values.a.b` path a template reads (through `.Values`, `$.Values` or `$root.Values`). */
export function valuePaths(text: string): string[] {
  return [...text.matchAll(/(?:^|[^A-Za-z0-9_])\$?[A-Za-z]*\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => m[1].slice(1));
}

/** The value at a dotted path, or undefined when any step is missing. */
export function lookup(values: unknown, path: string): unknown {
  let current: unknown = values;
  for (const step of path.split('.')) {
    if (current === null || typeof current !== 'object' || !(step in current)) return undefined;
    current = (current as Record<string, unknown>)[step];
  }
  return current;
}
