// The Helm chart, for its tests: its templates read as text (the values they use), and the chart rendered by Helm and
// validated by deploy/k8s-validate (the tools of test/support/deploy-tools.ts) as parsed objects and reports.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { run } from './deploy-tools';

export const CHART = join(__dirname, '..', '..', 'helm', 'flores-victoria');
export const PRODUCTION_VALUES = join(CHART, 'values-production.example.yaml');

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

// ---------------------------------------------------------------- rendered by Helm, validated by k8s-validate

export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  [k: string]: any;
};

/** What `k8s-validate -json` reports. */
export interface Validation {
  objects: { apiVersion: string; kind: string; name: string; checked: boolean; valid: boolean }[];
  external: { kind: string; name: string }[];
  errors: string[];
}

/** Values a default install must be given (the chart's `required`). */
export const REQUIRED_VALUES = [
  '--set',
  'secrets.internalSecret=helm-test-internal-secret-0123456789abcdef',
  '--set',
  'secrets.authSigningKeys=[{"kid":"helm-test"}]',
  '--set',
  'mail.tokenKey=dGVzdC1vbmx5LW1haWwtdG9rZW4ta2V5LTMyYnl0ZXM=',
];

/** `helm template <release> <chart> --namespace flores <args>`: stdout, stderr and the exit status. */
export function helmTemplate(helm: string, args: string[], release = 'shop') {
  return run(helm, ['template', release, CHART, '--namespace', 'flores', ...args]);
}

/** The objects of a multi-document manifest (empty documents left out). */
export function parseManifests(text: string): K8sObject[] {
  return parseAllDocuments(text)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

/** The Prometheus Operator's kinds the chart renders: custom resources k8s-validate accepts unchecked (group/version/Kind). */
export const OPERATOR_KINDS = ['monitoring.coreos.com/v1/ServiceMonitor', 'monitoring.coreos.com/v1/PrometheusRule'];

/** k8s-validate's report on manifests, accepting the kinds of `allowed` (group/version/Kind) unchecked. */
export function validateManifests(validator: string, manifests: string, allowed: string[] = []) {
  const { stdout, stderr, status } = run(validator, ['-json', ...allowed.flatMap((k) => ['-allow-kind', k])], { input: manifests });
  return { report: JSON.parse(stdout) as Validation, stderr, status };
}

export const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
export const named = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
export const componentOf = (o: K8sObject) => o.metadata.labels?.['app.kubernetes.io/component'] as string;
