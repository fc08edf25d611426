// helm/flores-victoria checked without helm or a cluster: the YAML of every template (actions blanked out) parses
// into the objects the issue asks for; every value a template reads exists; values.yaml satisfies
// values.schema.json; names, ports, probe paths and environment agree with the code and with docker-compose.yml;
// the migrations run as a pre-install/pre-upgrade hook through the image's `migrate` command.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { allSubgraphs } from '../../subgraphs';
import { rawEnvironment, readComposeFile } from '../support/compose-file';
import { defineBody, lookup, readTemplates, skeleton, valuePaths, type ChartDocument } from '../support/helm-chart';
import { appServiceSpecs } from '../support/service-env';

const ROOT = join(__dirname, '..', '..');
const CHART = join(ROOT, 'helm', 'flores-victoria');
const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, any>;
const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as object;
const templates = readTemplates(CHART);
const compose = readComposeFile(join(ROOT, 'docker-compose.yml'));
const specs = appServiceSpecs();
const servedPaths = [...readFileSync(join(ROOT, 'runtime', 'http-service.ts'), 'utf8').matchAll(/app\.get\(\s*'([^']+)'/g)].map((m) => m[1]);

/** Secrets the services need in production (as in compose-config.test.ts), supplied by the Secret. */
const SECRETS: Record<string, string[]> = {
  INTERNAL_SECRET: ['router', ...allSubgraphs.map((s) => s.name)],
  AUTH_SIGNING_KEYS: ['auth'],
};

const workload = defineBody(templates['_helpers.tpl'], 'flores-victoria.workload');
const documents: ChartDocument[] = [
  ...Object.entries(templates)
    .filter(([file]) => file.endsWith('.yaml'))
    .flatMap(([file, text]) => skeleton(file, text)),
  ...skeleton('_helpers.tpl#workload', workload),
];
const ofKind = (kind: string) => documents.filter((d) => d.body.kind === kind);

/** The keys a ConfigMap / Secret template writes under data / stringData (literal keys, as written). */
function literalKeys(file: string, section: string): string[] {
  const text = templates[file];
  const body = text.slice(text.indexOf(`${section}:`));
  return [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]);
}
const configKeys = literalKeys('configmap.yaml', 'data');
const secretKeys = literalKeys('secret.yaml', 'stringData');

describe('helm/flores-victoria', () => {
  it('every template parses as YAML once its actions are blanked, into the expected kinds of object', () => {
    const kinds = documents.map((d) => d.body.kind).sort();
    for (const kind of ['ConfigMap', 'Secret', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Ingress', 'Job']) {
      expect(kinds, kind).toContain(kind);
    }
    for (const d of documents) {
      expect(d.body.apiVersion, `${d.template} ${String(d.body.kind)}`).toBeTruthy();
      expect((d.body.metadata as { name?: unknown })?.name, `${d.template} ${String(d.body.kind)}`).toBeTruthy();
    }
    const apiVersions = Object.fromEntries(documents.map((d) => [d.body.kind, d.body.apiVersion]));
    expect(apiVersions).toMatchObject({
      Deployment: 'apps/v1',
      HorizontalPodAutoscaler: 'autoscaling/v2',
      PodDisruptionBudget: 'policy/v1',
      Ingress: 'networking.k8s.io/v1',
      Job: 'batch/v1',
    });
  });

  it('every .Values path a template reads exists in values.yaml', () => {
    const used = new Set(Object.values(templates).flatMap(valuePaths));
    expect(used.size).toBeGreaterThan(30);
    const missing = [...used].filter((path) => lookup(values, path) === undefined);
    expect(missing).toEqual([]);
  });

  it('the fields the workload helper reads from autoscaling / podDisruptionBudget exist for the router and the subgraph defaults', () => {
    for (const block of ['autoscaling', 'podDisruptionBudget']) {
      const fields = [...new Set([...workload.matchAll(new RegExp(`\\.${block}\\.([A-Za-z]+)`, 'g'))].map((m) => m[1]))];
      expect(fields.length, block).toBeGreaterThan(0);
      for (const owner of [values.router, values.subgraphDefaults, ...values.subgraphs.filter((s: any) => s[block])]) {
        for (const field of fields) expect(owner[block], `${owner.name ?? 'router/defaults'}.${block}.${field}`).toHaveProperty(field);
      }
    }
  });

  it('values.yaml validates against values.schema.json, and the schema rejects a misspelt key', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    expect(validate(values), ajv.errorsText(validate.errors)).toBe(true);
    expect(validate({ ...values, router: { ...values.router, prot: 3000 } })).toBe(false);
    expect(validate({ ...values, secrets: { ...values.secrets, internalSecret: 'too-short' } })).toBe(false);
    expect(validate({ ...values, external: { ...values.external, redis: { url: 'http://redis:6379' } } })).toBe(false);
  });

  it('runs the router and every subgraph of the code, on the ports the code and docker-compose.yml use', () => {
    const router = specs.find((s) => s.name === 'router')!;
    expect(values.router.port).toBe(router.port);
    expect(values.router.port).toBe(3000);
    expect(values.router.command).toEqual(['flores-entrypoint', 'router']);
    const chart = Object.fromEntries(values.subgraphs.map((s: { name: string; port: number }) => [s.name, s.port]));
    expect(chart).toEqual(Object.fromEntries(allSubgraphs.map((s) => [s.name, s.defaultPort])));
    for (const [name, port] of Object.entries({ router: values.router.port, ...chart })) {
      expect(Number(rawEnvironment(compose.services[name]).PORT), `compose ${name}`).toBe(port);
    }
    const composeRouter = rawEnvironment(compose.services.router);
    for (const s of values.subgraphs) {
      expect(composeRouter[`SUBGRAPH_${s.name.toUpperCase()}_URL`]).toBe(`http://${s.name}:${s.port}/graphql`);
    }
    // The chart and compose start every service through the image's entry point, by name (which sets its heap).
    expect(templates['subgraphs.yaml']).toContain('(list "flores-entrypoint" .name)');
    expect(compose.services.router.command).toEqual(['router']);
    for (const s of allSubgraphs) expect(compose.services[s.name].command).toEqual([s.name]);
  });

  it('probes the health endpoints every service serves: liveness /healthz, readiness /readyz, on the http port', () => {
    expect(values.probes.liveness.path).toBe('/healthz');
    expect(values.probes.readiness.path).toBe('/readyz');
    for (const path of [values.probes.liveness.path, values.probes.readiness.path]) expect(servedPaths).toContain(path);
    const [deployment] = ofKind('Deployment');
    const container = (deployment.body as any).spec.template.spec.containers[0];
    expect(container.livenessProbe.httpGet.port).toBe('http');
    expect(container.readinessProbe.httpGet.port).toBe('http');
    expect(container.ports[0].name).toBe('http');
    expect(workload).toContain('path: {{ $root.Values.probes.liveness.path }}');
    expect(workload).toContain('path: {{ $root.Values.probes.readiness.path }}');
    expect(container.env).toEqual([
      { name: 'PORT', value: 'x' },
      { name: 'METRICS_PORT', value: 'x' },
    ]);
    expect(container.envFrom.map((e: object) => Object.keys(e)[0])).toEqual(['configMapRef', 'secretRef']);
  });

  it("serves metrics on each process's metrics port (the code's and compose's), through a ClusterIP Service of their own, never the public one", () => {
    const ports = Object.fromEntries(
      [values.router, ...values.subgraphs].map((owner: { name?: string; metricsPort: number }) => [owner.name ?? 'router', owner.metricsPort]),
    );
    expect(ports).toEqual(Object.fromEntries(specs.filter((s) => s.metricsPort !== undefined).map((s) => [s.name, s.metricsPort])));
    for (const [name, port] of Object.entries(ports)) expect(Number(rawEnvironment(compose.services[name]).METRICS_PORT), `compose ${name}`).toBe(port);
    expect(templates['router.yaml']).toContain('"metricsPort" .Values.router.metricsPort');
    expect(templates['subgraphs.yaml']).toContain('"metricsPort" .metricsPort');
    expect(configKeys).toContain('METRICS_HOST');
    const [deployment] = ofKind('Deployment');
    const pod = (deployment.body as any).spec.template;
    expect(pod.spec.containers[0].ports.map((p: { name: string }) => p.name)).toEqual(['http', 'metrics']);
    expect(workload).toContain('prometheus.io/port: {{ .metricsPort | quote }}');
    const services = ofKind('Service').map((d) => d.body as any);
    const publicService = services.find((service) => !service.metadata.labels?.['flores-victoria/metrics']);
    const metricsService = services.find((service) => service.metadata.labels?.['flores-victoria/metrics'] === 'true');
    expect(publicService.spec.ports.map((p: { name: string }) => p.name)).toEqual(['http']);
    expect(metricsService.spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'metrics', targetPort: 'metrics' }] });
    const [monitor] = documents.filter((d) => d.body.kind === 'ServiceMonitor').map((d) => d.body as any);
    expect(monitor.spec.selector.matchLabels['flores-victoria/metrics']).toBe('true');
    expect(monitor.spec.endpoints[0]).toMatchObject({ port: 'metrics', path: '/metrics' });
  });

  it('sets resource requests and limits on every workload and on the migrations Job', () => {
    for (const owner of [values.router, values.subgraphDefaults, values.migrations]) {
      expect(owner.resources.requests).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
      expect(owner.resources.limits).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
    }
  });

  it('gives every service the variables it cannot do without, from the ConfigMap, the Secret or PORT', () => {
    const provided = new Set([...configKeys, ...secretKeys, 'PORT']);
    // The router's SUBGRAPH_<NAME>_URL, one per subgraph in values.
    expect(templates['configmap.yaml']).toMatch(/range \.Values\.subgraphs \}\}\n\s+SUBGRAPH_\{\{ \.name \| upper/);
    for (const spec of specs.filter((s) => s.name !== 'migrate')) {
      const needed = [...spec.required, ...spec.loopbackDefaults, ...Object.keys(SECRETS).filter((k) => SECRETS[k].includes(spec.name))];
      const missing = needed.filter((v) => !provided.has(v));
      expect(missing, spec.name).toEqual([]);
    }
    expect(secretKeys.sort()).toEqual(['AUTH_SIGNING_KEYS', 'DATABASE_URL', 'INTERNAL_SECRET', 'MONGODB_URL', 'RABBITMQ_URL', 'REDIS_URL']);
  });

  it('writes no variable that no service reads (a misspelling would go unnoticed)', () => {
    const read = new Set(specs.flatMap((s) => s.variables));
    const unknown = [...configKeys, ...secretKeys].filter((v) => !read.has(v));
    expect(unknown).toEqual([]);
  });

  it('documents the keys an existing Secret must hold, and uses it instead of its own Secret', () => {
    const comment = readFileSync(join(CHART, 'values.yaml'), 'utf8').split('existingSecret:')[0];
    for (const key of secretKeys) expect(comment, key).toContain(key);
    expect(templates['secret.yaml']).toMatch(/^\{\{- if not \.Values\.existingSecret \}\}/);
    expect(templates['_helpers.tpl']).toContain('.Values.existingSecret | default');
    expect(templates['secret.yaml']).toMatch(/required "[^"]+" \.Values\.secrets\.internalSecret/);
    expect(templates['secret.yaml']).toMatch(/required "[^"]+" \.Values\.secrets\.authSigningKeys/);
  });

  it('points the direct service-to-service URLs at the subgraphs they name', () => {
    for (const [key, name] of [
      ['CATALOG_URL', 'catalog'],
      ['CART_URL', 'cart'],
      ['USERS_URL', 'users'],
      ['AUTH_URL', 'auth'],
      ['AUTH_JWKS_URL', 'auth'],
    ]) {
      expect(templates['configmap.yaml'], key).toMatch(new RegExp(`${key}: \\{\\{ include "flores-victoria.subgraphUrl" \\(dict "root" \\. "name" "${name}"`));
    }
    expect(templates['configmap.yaml']).toContain('"path" "/.well-known/jwks.json"');
  });

  it('scales the router and the busiest subgraphs with an HPA and protects them with a PDB', () => {
    const scaled = ['router', ...values.subgraphs.filter((s: any) => s.autoscaling?.enabled).map((s: any) => s.name)];
    expect(scaled).toEqual(expect.arrayContaining(['router', 'catalog', 'reviews']));
    expect(values.router.autoscaling.enabled && values.router.podDisruptionBudget.enabled).toBe(true);
    for (const s of values.subgraphs.filter((s: any) => s.autoscaling?.enabled)) {
      expect(s.podDisruptionBudget?.enabled, s.name).toBe(true);
      expect(s.autoscaling.minReplicas, s.name).toBeGreaterThan(s.podDisruptionBudget.minAvailable);
    }
    expect(values.router.autoscaling.minReplicas).toBeGreaterThan(values.router.podDisruptionBudget.minAvailable);
    // With an HPA the Deployment leaves replicas to it.
    expect(workload).toMatch(/\{\{- if not \.autoscaling\.enabled \}\}\n\s+replicas:/);
    const hpa = ofKind('HorizontalPodAutoscaler')[0].body as any;
    expect(hpa.spec.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
  });

  it('exposes the router through an Ingress with TLS on /graphql, WebSocket subscriptions included', () => {
    const [ingress] = ofKind('Ingress');
    const spec = (ingress.body as any).spec;
    expect(spec.tls).toHaveLength(1);
    expect(spec.rules[0].http.paths[0]).toMatchObject({ path: '/graphql', pathType: 'Prefix' });
    expect(spec.rules[0].http.paths[0].backend.service.port).toEqual({ name: 'http' });
    expect(values.ingress.tls.enabled).toBe(true);
    const annotations = values.ingress.annotations;
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-send-timeout'])).toBeGreaterThanOrEqual(3600);
    expect(annotations['nginx.ingress.kubernetes.io/proxy-http-version']).toBe('1.1');
    // The router serves subscriptions on the same path.
    expect(readFileSync(join(ROOT, 'router', 'router.ts'), 'utf8')).toContain("subscriptions.attach(httpServer, '/graphql')");
  });

  it('runs the migrations as a pre-install/pre-upgrade hook Job through the image entrypoint', () => {
    const hooks = documents.filter((d) => (d.body.metadata as any)?.annotations?.['helm.sh/hook']);
    const job = hooks.find((d) => d.body.kind === 'Job')!.body as any;
    expect(job.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(job.metadata.annotations['helm.sh/hook-delete-policy']).toContain('before-hook-creation');
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    const container = job.spec.template.spec.containers[0];
    expect(container.command).toBeUndefined(); // keep the image's ENTRYPOINT
    expect(container.args).toEqual(['migrate', 'apply']);
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^ENTRYPOINT \["flores-entrypoint"\]/m);
    expect(readFileSync(join(ROOT, 'deploy', 'docker', 'entrypoint.sh'), 'utf8')).toMatch(/^\s+migrate\)/m);
    expect(compose.services.migrate.command).toEqual(['migrate', 'apply']);
    expect(container.env.map((e: { name: string }) => e.name)).toEqual(specs.find((s) => s.name === 'migrate')!.variables);
    // Its DATABASE_URL Secret is itself a hook, created before the Job (the chart's Secret does not exist yet).
    const secret = hooks.find((d) => d.body.kind === 'Secret')!.body as any;
    expect(secret.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(Number(secret.metadata.annotations['helm.sh/hook-weight'])).toBeLessThan(Number(job.metadata.annotations['helm.sh/hook-weight']));
    expect(Object.keys(secret.stringData)).toEqual(['DATABASE_URL']);
  });
});
