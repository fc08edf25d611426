// The Helm chart's templates read as text, without a helm binary (test/e2e/helm-chart.test.ts renders them with Helm):
// the values they use, and the YAML around their Go-template actions, parsed once every action is blanked out.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface ChartDocument {
  template: string;
  body: Record<string, unknown>;
}

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

/**
 * The YAML skeleton of a template: comments dropped, lines made only of actions removed (if/range/with/end,
 * toYaml/include blocks), any other action replaced by `x`; then split into documents and parsed.
 */
export function skeleton(template: string, text: string): ChartDocument[] {
  const token = '\u0000';
  const blanked = text.replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '').replace(/\{\{[\s\S]*?\}\}/g, token);
  const lines = blanked
    .split('\n')
    .filter((line) => line.replaceAll(token, '').trim() !== '' || !line.includes(token))
    .map((line) => line.replaceAll(token, 'x'));
  return parseAllDocuments(lines.join('\n')).flatMap((doc) => {
    if (doc.errors.length) throw new Error(`${template}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const body = doc.toJS() as Record<string, unknown> | null;
    return body ? [{ template, body }] : [];
  });
}
