// The Helm chart read without a helm binary: templates are not rendered, but their Go-template actions can be
// listed, and the YAML around them parsed once every action is blanked out.
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

/** The body of a `{{- define "name" -}}` block. */
export function defineBody(text: string, name: string): string {
  const start = text.indexOf(`{{- define "${name}" -}}`);
  if (start < 0) throw new Error(`no define ${name}`);
  const from = text.indexOf('\n', start) + 1;
  // The define's own end is the last `{{- end -}}` before the next define (or the end of the file).
  const next = text.indexOf('{{- define', from);
  const region = text.slice(from, next < 0 ? undefined : next);
  return region.slice(0, region.lastIndexOf('{{- end -}}'));
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
