// Reads docker-compose.yml as Docker Compose would, without Docker: YAML with merge keys (<<), the
// short and long forms of environment and depends_on, and ${VAR...} interpolation with the file's defaults.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export interface ComposeService {
  image?: string;
  profiles?: string[];
  restart?: string;
  command?: string[] | string;
  ports?: (string | number)[];
  expose?: (string | number)[];
  environment?: Record<string, unknown> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  volumes?: (string | { type?: string; source?: string })[];
  secrets?: (string | { source: string; target?: string })[];
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
  secrets?: Record<string, { environment?: string; file?: string; external?: boolean }>;
}

export function readComposeFile(path: string): ComposeFile {
  return parse(readFileSync(path, 'utf8'), { merge: true }) as ComposeFile;
}

/** A service's environment as written (before interpolation), map form. */
export function rawEnvironment(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value == null ? '' : String(value as string | number | boolean)]));
}

/** depends_on in long form: service -> condition (the short form means service_started). */
export function dependencies(service: ComposeService): Record<string, string> {
  const deps = service.depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([name, d]) => [name, d?.condition ?? 'service_started']));
}

const REFERENCE = /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

export interface Interpolated {
  value: string;
  /** Variables the file requires from the caller (${VAR:?message}). */
  required: string[];
}

/**
 * Resolves ${VAR:-default} to its default, ${VAR:?message} to `samples[VAR]` (the test's stand-in for what
 * a deployment must set), $$ to $. The caller's own environment is ignored so the result is reproducible.
 */
export function interpolate(text: string, samples: Record<string, string> = {}): Interpolated {
  const required: string[] = [];
  const value = text.replace(REFERENCE, (match, name?: string, operator?: string, argument?: string, bare?: string) => {
    if (match === '$$') return '$';
    if (bare) return '';
    if (operator?.endsWith('-')) return argument ?? '';
    if (operator?.endsWith('?')) {
      required.push(name!);
      return samples[name!] ?? '';
    }
    return '';
  });
  return { value, required };
}

/** The container side of a port entry ("3000:3000", "127.0.0.1:3000:3000/tcp", 3000). */
export function containerPort(entry: string | number): number {
  const parts = String(entry)
    .replace(/\/\w+$/, '')
    .split(':');
  return Number(parts[parts.length - 1]);
}

/** The host side of a published port entry, when there is one. */
export function hostPort(entry: string | number): number | undefined {
  const parts = String(entry)
    .replace(/\/\w+$/, '')
    .split(':');
  return parts.length >= 2 ? Number(parts[parts.length - 2]) : undefined;
}

export function commandOf(service: ComposeService): string[] {
  const command = service.command ?? [];
  return Array.isArray(command) ? command : command.split(/\s+/).filter(Boolean);
}

export function healthcheckCommand(service: ComposeService): string {
  const test = service.healthcheck?.test ?? [];
  return Array.isArray(test) ? test.join(' ') : test;
}
