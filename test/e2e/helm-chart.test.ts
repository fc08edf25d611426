// helm/flores-victoria, rendered by Helm and validated offline against the Kubernetes API types (deploy/k8s-validate:
// strict decoding into k8s.io/api objects, then the API server's rules that need no cluster), with its default values,
// the production example and the optional parts on; then what the issue asks of the rendered objects: probes,
// resources, metrics annotations, a non-root security context, exactly the credentials each process's code reads (as
// files), the variables it cannot do without, HPAs and PDBs, the Ingress, the migrations hook, the Filebeat
// DaemonSet, and the Prometheus Operator's ServiceMonitor and PrometheusRule (the alert rules file as it is). Values and schema are also checked against the code and docker-compose.yml without Helm.
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { FILE_VARIABLES } from '../../runtime/config';
import { backupEnv } from '../../scripts/backup/backup-env';
import { allSubgraphs } from '../../subgraphs';
import { rawEnvironment, readComposeFile } from '../support/compose-file';
import { deployTools, missingTools, run } from '../support/deploy-tools';
import {
  CHART,
  componentOf,
  helmTemplate,
  type K8sObject,
  lookup,
  named,
  ofKind,
  OPERATOR_KINDS,
  parseManifests,
  PRODUCTION_VALUES as PRODUCTION,
  readTemplates,
  REQUIRED_VALUES as REQUIRED,
  validateManifests,
  valuePaths,
} from '../support/helm-chart';
import { appServiceSpecs } from '../support/service-env';

const ROOT = join(__dirname, '..', '..');
const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, any>;
/** Values over defaults as Helm merges them: maps key by key, anything else (lists included) replaced. */
function overlay(base: unknown, over: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(base) || !isMap(over)) return over;
  return Object.fromEntries([...new Set([...Object.keys(base), ...Object.keys(over)])].map((k) => [k, k in over ? overlay(base[k], over[k]) : base[k]]));
}
const production = overlay(values, parse(readFileSync(PRODUCTION, 'utf8'))) as Record<string, any>;
const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as object;
const templates = readTemplates(CHART);
const compose = readComposeFile(join(ROOT, 'docker-compose.yml'));
const specs = appServiceSpecs();
const specOf = (name: string) => specs.find((s) => s.name === name)!;
const servedPaths = [...readFileSync(join(ROOT, 'runtime', 'http-service.ts'), 'utf8').matchAll(/app\.get\(\s*'([^']+)'/g)].map((m) => m[1]);

/** The credentials a process's code reads: those it may take from a file (runtime/config.ts FILE_VARIABLES). */
const isCredential = (v: string) => (FILE_VARIABLES as readonly string[]).includes(v);
const credentialsOf = (name: string) => specOf(name).variables.filter(isCredential);
const workloads = (v: Record<string, any>) => [{ name: 'router', ...v.router }, ...v.subgraphs];

describe('helm/flores-victoria values (without Helm)', () => {
  it('every .Values path a template reads exists in values.yaml', () => {
    const used = new Set(Object.values(templates).flatMap(valuePaths));
    expect(used.size).toBeGreaterThan(30);
    const missing = [...used].filter((path) => lookup(values, path) === undefined);
    expect(missing).toEqual([]);
  });

  it('values.yaml and the production example validate against values.schema.json, which rejects what is wrong', () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    for (const [name, v] of [
      ['values.yaml', values],
      ['values-production.example.yaml', production],
    ] as const) {
      expect(validate(v), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    expect(validate({ ...values, router: { ...values.router, prot: 3000 } })).toBe(false);
    expect(validate({ ...values, secrets: { ...values.secrets, internalSecret: 'too-short' } })).toBe(false);
    expect(validate({ ...values, external: { ...values.external, redis: { url: 'http://redis:6379' } } })).toBe(false);
    expect(validate({ ...values, router: { ...values.router, credentials: ['INTERNAL_SECRETS'] } })).toBe(false);
    expect(validate({ ...values, secretRefs: { DATABASE_URI: { name: 'db' } } })).toBe(false);
    expect(validate({ ...values, secretRefs: { DATABASE_URL: { key: 'uri' } } })).toBe(false);
    expect(validate({ ...values, logging: { filebeat: { ...values.logging.filebeat, elasticsearch: { hosts: ['elasticsearch:9200'] } } } })).toBe(false);
  });

  it('runs the router and every subgraph of the code, on the ports the code and docker-compose.yml use', () => {
    expect(values.router.port).toBe(specOf('router').port);
    expect(values.router.command).toEqual(['flores-entrypoint', 'router']);
    for (const v of [values, production]) {
      const chart = Object.fromEntries(v.subgraphs.map((s: { name: string; port: number }) => [s.name, s.port]));
      expect(chart).toEqual(Object.fromEntries(allSubgraphs.map((s) => [s.name, s.defaultPort])));
    }
    for (const w of workloads(values)) {
      expect(Number(rawEnvironment(compose.services[w.name]).PORT), `compose ${w.name}`).toBe(w.port);
      expect(w.metricsPort, w.name).toBe(specOf(w.name).metricsPort);
      expect(Number(rawEnvironment(compose.services[w.name]).METRICS_PORT), `compose ${w.name}`).toBe(w.metricsPort);
    }
    const composeRouter = rawEnvironment(compose.services.router);
    for (const s of values.subgraphs) expect(composeRouter[`SUBGRAPH_${s.name.toUpperCase()}_URL`]).toBe(`http://${s.name}:${s.port}/graphql`);
  });

  it('lists for each workload exactly the credentials its code reads (in values.yaml and the production example)', () => {
    for (const v of [values, production]) {
      for (const w of workloads(v)) expect([...w.credentials].sort(), w.name).toEqual(credentialsOf(w.name).sort());
      // The backup CronJob's script (scripts/backup/backup-env.ts; test/e2e/backup-chart.test.ts renders it).
      expect([...v.backup.credentials].sort(), 'backup').toEqual(Object.keys(backupEnv).filter(isCredential).sort());
    }
    expect(credentialsOf('auth')).toContain('AUTH_SIGNING_KEYS');
    expect(credentialsOf('router')).not.toContain('AUTH_SIGNING_KEYS');
  });

  it('probes paths every service serves, and documents the keys an existing Secret must hold', () => {
    expect([values.probes.liveness.path, values.probes.readiness.path]).toEqual(['/healthz', '/readyz']);
    for (const path of [values.probes.liveness.path, values.probes.readiness.path]) expect(servedPaths).toContain(path);
    const comment = readFileSync(join(CHART, 'values.yaml'), 'utf8').split('\nexistingSecret:')[0];
    for (const key of FILE_VARIABLES) expect(comment, key).toContain(key);
  });
});

// ---------------------------------------------------------------- rendered by Helm

const tools = deployTools('helm', 'k8s-validate');
const skipReason = missingTools(tools, ['helm', 'k8s-validate']);
const helm = tools.helm!;

const WITH_PRODUCTION = ['-f', PRODUCTION];

const template = (args: string[]) => helmTemplate(helm, args);

/** The objects `helm template` renders with these arguments (hooks included). */
function render(args: string[]): K8sObject[] {
  const { stdout, stderr, status } = template(args);
  expect(status, stderr).toBe(0);
  return parseManifests(stdout);
}

function validate(manifests: string, allowed: string[] = []) {
  const { report, stderr, status } = validateManifests(tools['k8s-validate']!, manifests, allowed);
  expect(stderr).toBe('');
  return { report, status };
}

describe.skipIf(skipReason !== undefined)('helm/flores-victoria rendered by Helm', () => {
  let defaults: K8sObject[];
  let prod: K8sObject[];
  beforeAll(() => {
    defaults = render(REQUIRED);
    prod = render(WITH_PRODUCTION);
  });

  it('passes helm lint, with the default values and with the production example', () => {
    for (const args of [REQUIRED, WITH_PRODUCTION]) {
      const { stdout, stderr, status } = run(helm, ['lint', CHART, ...args]);
      expect(status, `${stdout}\n${stderr}`).toBe(0);
      expect(stdout).toContain('0 chart(s) failed');
    }
  });

  it('renders manifests the Kubernetes API types accept, for every combination of the optional parts', () => {
    const combinations: [string, string[], string[]][] = [
      ['defaults', REQUIRED, []],
      ['production example', WITH_PRODUCTION, OPERATOR_KINDS],
      [
        'everything optional on',
        [
          ...REQUIRED,
          ...['ingress.enabled=true', 'metrics.serviceMonitor.enabled=true', 'metrics.prometheusRule.enabled=true', 'logging.filebeat.enabled=true']
            .concat(['logging.filebeat.elasticsearch.hosts[0]=http://es:9200', 'subgraphDefaults.autoscaling.enabled=true'])
            .concat(['subgraphDefaults.autoscaling.minReplicas=2', 'subgraphDefaults.podDisruptionBudget.enabled=true', 'backup.enabled=true'])
            .flatMap((s) => ['--set', s]),
        ],
        OPERATOR_KINDS,
      ],
      [
        'everything optional off',
        [...REQUIRED, ...['router.autoscaling.enabled=false', 'router.podDisruptionBudget.enabled=false'].flatMap((s) => ['--set', s])],
        [],
      ],
    ];
    for (const [name, args, allowed] of combinations) {
      const { stdout, status } = template(args);
      expect(status, name).toBe(0);
      const { report, status: validated } = validate(stdout, allowed);
      expect(report.errors, name).toEqual([]);
      expect(validated, name).toBe(0);
      expect(
        report.objects.filter((o) => !o.checked).map((o) => o.kind),
        name,
      ).toEqual(allowed.length ? ['PrometheusRule', 'ServiceMonitor'] : []);
    }
  });

  it("the production example's objects come from the Secrets its header says to create, and nothing else outside the chart", () => {
    const { report } = validate(template(WITH_PRODUCTION).stdout, OPERATOR_KINDS);
    expect(report.external.map((r) => `${r.kind}/${r.name}`).sort()).toEqual(
      [
        'Secret/flores-db-app',
        'Secret/flores-victoria-credentials',
        'Secret/flores-victoria-elasticsearch',
        'Secret/flores-victoria-mail',
        'Secret/flores-victoria-signing-keys',
        'Secret/flores-victoria-tls',
        'Secret/logs-es-http-certs-public',
        'Secret/registry-credentials',
      ].sort(),
    );
    const header = readFileSync(PRODUCTION, 'utf8').split('\n\n')[0];
    for (const name of ['flores-victoria-credentials', 'flores-victoria-signing-keys', 'flores-victoria-mail', 'flores-victoria-elasticsearch']) {
      expect(header, name).toContain(`create secret generic ${name}`);
    }
    // The chart makes no Secret of its own there: every credential is the operator's.
    expect(ofKind(prod, 'Secret')).toEqual([]);
  });

  it('every Deployment: probes on its http port, resources, metrics annotations, a non-root and restricted security context', () => {
    for (const objects of [defaults, prod]) {
      const deployments = ofKind(objects, 'Deployment');
      expect(deployments.map(componentOf).sort()).toEqual(['router', ...allSubgraphs.map((s) => s.name)].sort());
      for (const d of deployments) {
        const name = componentOf(d);
        const pod = d.spec.template;
        const [container] = pod.spec.containers;
        const ports = Object.fromEntries(container.ports.map((p: { name: string; containerPort: number }) => [p.name, p.containerPort]));
        expect(ports, name).toEqual({ http: specOf(name).port, metrics: specOf(name).metricsPort });
        expect(container.livenessProbe.httpGet, name).toEqual({ path: '/healthz', port: 'http' });
        expect(container.readinessProbe.httpGet, name).toEqual({ path: '/readyz', port: 'http' });
        expect(container.resources.requests, name).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
        expect(container.resources.limits, name).toMatchObject({ cpu: expect.anything(), memory: expect.anything() });
        expect(pod.metadata.annotations, name).toMatchObject({
          'prometheus.io/scrape': 'true',
          'prometheus.io/port': String(ports.metrics),
          'prometheus.io/path': '/metrics',
        });
        // The "restricted" Pod Security Standard.
        expect(pod.spec.securityContext, name).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
        expect(pod.spec.securityContext.runAsUser, name).toBeGreaterThan(0);
        expect(container.securityContext, name).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
        expect(container.command, name).toEqual(['flores-entrypoint', name]);
      }
    }
  });

  it('gives every process exactly the credentials its code reads, as files from the right Secret, and never in its environment', () => {
    for (const [objects, sourceOf] of [
      [defaults, (key: string): { name: string; key: string } => ({ name: 'shop-flores-victoria-secrets', key })],
      [
        prod,
        (key: string) =>
          ({ DATABASE_URL: { name: 'flores-db-app', key: 'uri' }, AUTH_SIGNING_KEYS: { name: 'flores-victoria-signing-keys', key: 'keys.json' } })[key] ?? {
            name: 'flores-victoria-credentials',
            key,
          },
      ],
    ] as const) {
      for (const d of ofKind(objects, 'Deployment')) {
        const name = componentOf(d);
        const spec = d.spec.template.spec;
        const [container] = spec.containers;
        const wanted = credentialsOf(name);
        const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, e.value]));
        expect(Object.keys(env).sort(), name).toEqual(['PORT', 'METRICS_PORT', ...wanted.map((k) => `${k}_FILE`)].sort());
        for (const key of wanted) expect(env[`${key}_FILE`], name).toBe(`/etc/flores-victoria/secrets/${key}`);
        expect(container.envFrom, name).toEqual([{ configMapRef: { name: 'shop-flores-victoria-config' } }]);
        expect(container.volumeMounts, name).toContainEqual({ name: 'credentials', mountPath: '/etc/flores-victoria/secrets', readOnly: true });
        const projected = spec.volumes.find((v: { name: string }) => v.name === 'credentials').projected.sources;
        const byPath = (a: { path: string }, b: { path: string }) => a.path.localeCompare(b.path);
        expect(projected.map((s: any) => ({ name: s.secret.name, key: s.secret.items[0].key, path: s.secret.items[0].path })).sort(byPath), name).toEqual(
          wanted.map((key) => ({ ...sourceOf(key), path: key })).sort(byPath),
        );
        // The mail Secret (token key, SMTP password) only where mail is sealed or sent.
        const mail = spec.volumes.some((v: { name: string }) => v.name === 'mail-secret');
        expect(mail, name).toBe(['auth', 'users'].includes(name));
      }
    }
    const secret = named(defaults, 'Secret', 'shop-flores-victoria-secrets')!;
    expect(Object.keys(secret.stringData).sort()).toEqual([...FILE_VARIABLES].sort());
  });

  it('provides every variable a process cannot do without, and writes none that no process reads', () => {
    const config = named(defaults, 'ConfigMap', 'shop-flores-victoria-config')!.data as Record<string, string>;
    const variables = new Set(specs.flatMap((s) => s.variables));
    const patterns = specs.flatMap((s) => s.patterns);
    const read = { has: (v: string) => variables.has(v) || patterns.some((p) => p.test(v)) };
    for (const d of ofKind(defaults, 'Deployment')) {
      const name = componentOf(d);
      const env = d.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name) as string[];
      const provided = new Set([...Object.keys(config), ...env, ...env.filter((v) => v.endsWith('_FILE')).map((v) => v.slice(0, -5))]);
      const spec = specOf(name);
      const missing = [...spec.required, ...spec.loopbackDefaults].filter((v) => !provided.has(v));
      expect(missing, name).toEqual([]);
      expect(
        env.filter((v) => !read.has(v)),
        name,
      ).toEqual([]);
    }
    expect(Object.keys(config).filter((v) => !read.has(v))).toEqual([]);
    // The router finds each subgraph at its Service.
    for (const s of values.subgraphs) expect(config[`SUBGRAPH_${s.name.toUpperCase()}_URL`]).toBe(`http://shop-flores-victoria-${s.name}:${s.port}/graphql`);
  });

  it('scales with an HPA and keeps pods through disruptions with a PDB where enabled, and refuses a PDB that would block every drain', () => {
    const scaled = (objects: K8sObject[]) => ofKind(objects, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name as string);
    const protectedBy = (objects: K8sObject[]) =>
      ofKind(objects, 'PodDisruptionBudget').map((p) => p.spec.selector.matchLabels['app.kubernetes.io/component'] as string);
    expect(scaled(defaults).sort()).toEqual(['shop-flores-victoria-catalog', 'shop-flores-victoria-reviews', 'shop-flores-victoria-router']);
    expect(protectedBy(defaults).sort()).toEqual(['catalog', 'reviews', 'router']);
    const everything = ['router', ...allSubgraphs.map((s) => s.name)];
    expect(scaled(prod).sort()).toEqual(everything.map((n) => `shop-flores-victoria-${n}`).sort());
    expect(protectedBy(prod).sort()).toEqual([...everything].sort());
    for (const objects of [defaults, prod]) {
      for (const hpa of ofKind(objects, 'HorizontalPodAutoscaler')) {
        const target = named(objects, 'Deployment', hpa.spec.scaleTargetRef.name)!;
        expect(hpa.spec.scaleTargetRef).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
        // The HPA owns the replica count; a PDB leaves room to evict one pod at the HPA's floor.
        expect(target.spec.replicas, target.metadata.name).toBeUndefined();
        const pdb = named(objects, 'PodDisruptionBudget', hpa.metadata.name)!;
        expect(hpa.spec.minReplicas, hpa.metadata.name).toBeGreaterThan(pdb.spec.minAvailable);
        expect(pdb.spec.selector.matchLabels).toEqual(target.spec.selector.matchLabels);
      }
    }
    const off = render([...REQUIRED, '--set', 'router.autoscaling.enabled=false', '--set', 'router.podDisruptionBudget.enabled=false']);
    expect(named(off, 'HorizontalPodAutoscaler', 'shop-flores-victoria-router')).toBeUndefined();
    expect(named(off, 'PodDisruptionBudget', 'shop-flores-victoria-router')).toBeUndefined();
    expect(named(off, 'Deployment', 'shop-flores-victoria-router')!.spec.replicas).toBe(values.router.replicas);
    const blocking = template([...REQUIRED, '--set', 'router.podDisruptionBudget.minAvailable=2']);
    expect(blocking.status).not.toBe(0);
    expect(blocking.stderr).toContain('router: podDisruptionBudget.minAvailable (2) must be below its 2 replicas');
  });

  it('refuses to render without the credentials it would have to invent', () => {
    const bare = template(['--set', 'mail.tokenKey=x']);
    expect(bare.status).not.toBe(0);
    expect(bare.stderr).toContain('secrets.internalSecret is required unless existingSecret or secretRefs.INTERNAL_SECRET is set');
    // Taken from Secrets of the operator's instead, the chart's Secret holds only the rest.
    const refs = render([
      ...[
        'mail.tokenKey=x',
        'secretRefs.INTERNAL_SECRET.name=internal',
        'secretRefs.AUTH_SIGNING_KEYS.name=keys',
        'secretRefs.AUTH_SIGNING_KEYS.key=keys.json',
      ].flatMap((s) => ['--set', s]),
    ]);
    expect(Object.keys(named(refs, 'Secret', 'shop-flores-victoria-secrets')!.stringData).sort()).toEqual([
      'DATABASE_URL',
      'MONGODB_URL',
      'RABBITMQ_URL',
      'REDIS_URL',
    ]);
    const auth = named(refs, 'Deployment', 'shop-flores-victoria-auth')!.spec.template.spec.volumes[0].projected.sources.map((s: any) => s.secret);
    expect(auth).toContainEqual({ name: 'keys', items: [{ key: 'keys.json', path: 'AUTH_SIGNING_KEYS' }] });
    expect(auth).toContainEqual({ name: 'internal', items: [{ key: 'INTERNAL_SECRET', path: 'INTERNAL_SECRET' }] });
  });

  it('exposes the router through an Ingress with TLS on /graphql, WebSocket subscriptions included', () => {
    const [ingress] = ofKind(prod, 'Ingress');
    expect(ingress.spec.tls).toEqual([{ hosts: ['api.floresvictoria.cl'], secretName: 'flores-victoria-tls' }]);
    expect(ingress.spec.rules[0].http.paths).toEqual([
      { path: '/graphql', pathType: 'Prefix', backend: { service: { name: 'shop-flores-victoria-router', port: { name: 'http' } } } },
    ]);
    expect(ingress.metadata.annotations).toMatchObject({
      'cert-manager.io/cluster-issuer': expect.any(String),
      'nginx.ingress.kubernetes.io/proxy-http-version': '1.1',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
    });
    expect(ofKind(defaults, 'Ingress')).toEqual([]);
    expect(readFileSync(join(ROOT, 'router', 'router.ts'), 'utf8')).toContain("subscriptions.attach(httpServer, '/graphql')");
  });

  it('runs the migrations as a pre-install/pre-upgrade hook Job through the image entrypoint, with DATABASE_URL as a file', () => {
    for (const [objects, source] of [
      [defaults, { secretName: 'shop-flores-victoria-migrate', items: [{ key: 'DATABASE_URL', path: 'DATABASE_URL' }] }],
      [prod, { secretName: 'flores-db-app', items: [{ key: 'uri', path: 'DATABASE_URL' }] }],
    ] as const) {
      const [job] = ofKind(objects, 'Job');
      expect(job.metadata.annotations!['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      expect(job.metadata.annotations!['helm.sh/hook-delete-policy']).toContain('before-hook-creation');
      const pod = job.spec.template.spec;
      expect(pod.restartPolicy).toBe('Never');
      expect(pod.containers[0].command).toBeUndefined(); // the image's ENTRYPOINT
      expect(pod.containers[0].args).toEqual(['migrate', 'apply']);
      expect(pod.containers[0].env).toEqual([{ name: 'DATABASE_URL_FILE', value: '/etc/flores-victoria/secrets/DATABASE_URL' }]);
      expect(pod.volumes).toEqual([{ name: 'credentials', secret: source }]);
      expect(specOf('migrate').fileVariables).toEqual(['DATABASE_URL']);
    }
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^ENTRYPOINT \["flores-entrypoint"\]/m);
    // Without a Secret of the operator's, DATABASE_URL comes from a hook Secret made before the Job (the chart's does not exist yet).
    const hookSecret = named(defaults, 'Secret', 'shop-flores-victoria-migrate')!;
    expect(hookSecret.metadata.annotations!['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    expect(Number(hookSecret.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(
      Number(ofKind(defaults, 'Job')[0].metadata.annotations!['helm.sh/hook-weight']),
    );
    expect(Object.keys(hookSecret.stringData)).toEqual(['DATABASE_URL']);
  });

  it("ships the release's logs with Filebeat when asked, decoded as compose's Filebeat does", () => {
    expect(ofKind(defaults, 'DaemonSet')).toEqual([]);
    const [daemonSet] = ofKind(prod, 'DaemonSet');
    const config = parse(named(prod, 'ConfigMap', 'shop-flores-victoria-filebeat')!.data['filebeat.yml']);
    const [provider] = config['filebeat.autodiscover'].providers;
    expect(provider).toMatchObject({ type: 'kubernetes', namespace: 'flores' });
    expect(provider.templates[0].condition).toEqual({ equals: { 'kubernetes.labels.app.kubernetes.io/instance': 'shop' } });
    expect(config['output.elasticsearch']).toEqual({
      hosts: ['https://logs-es-http.logging:9200'],
      username: '${ELASTICSEARCH_USERNAME}',
      password: '${ELASTICSEARCH_PASSWORD}',
      'ssl.certificate_authorities': ['/etc/filebeat/ca/ca.crt'],
    });
    // The same processors as compose's Filebeat: the services' JSON into ECS fields, the trace id as trace.id.
    const composeConfig = parse(readFileSync(join(ROOT, 'deploy', 'filebeat', 'filebeat.yml'), 'utf8'));
    expect(config.processors).toEqual(composeConfig.processors);
    expect(config.processors[1].rename.fields).toContainEqual({ from: 'flores.traceId', to: 'trace.id' });
    const container = daemonSet.spec.template.spec.containers[0];
    expect(daemonSet.spec.template.spec.serviceAccountName).toBe('shop-flores-victoria-filebeat');
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(
      expect.arrayContaining(['/etc/filebeat/filebeat.yml', '/var/log/containers', '/var/log/pods', '/etc/filebeat/ca']),
    );
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const role = ofKind(prod, 'ClusterRole')[0];
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods', 'namespaces', 'nodes'], verbs: ['get', 'list', 'watch'] }]);
    const noHosts = template([...REQUIRED, '--set', 'logging.filebeat.enabled=true']);
    expect(noHosts.status).not.toBe(0);
    expect(noHosts.stderr).toContain('logging.filebeat.elasticsearch.hosts: at least one Elasticsearch URL is required');
  });

  it('hands the Prometheus Operator the alert rules file as it is, and scrapes under the job and labels the rules expect', () => {
    const rulesFile = readFileSync(join(CHART, 'alerts', 'flores-victoria.rules.yml'), 'utf8');
    const { groups } = parse(rulesFile) as { groups: { name: string; rules: { alert: string; expr: string }[] }[] };
    expect(groups.length).toBeGreaterThan(0);
    // Within the chart (not left out by .helmignore), so .Files.Get finds it.
    const ignored = readFileSync(join(CHART, '.helmignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    expect(ignored.filter((l) => l && !l.startsWith('#') && /alerts|\*\.yml|rules/.test(l))).toEqual([]);
    expect(ofKind(defaults, 'PrometheusRule')).toEqual([]);
    const [rule] = ofKind(prod, 'PrometheusRule');
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.metadata.name).toBe('shop-flores-victoria');
    expect(rule.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack', 'app.kubernetes.io/part-of': 'flores-victoria' });
    expect(rule.spec).toEqual({ groups });
    const [monitor] = ofKind(prod, 'ServiceMonitor');
    expect(monitor.metadata.labels).toMatchObject(production.metrics.serviceMonitor.labels);
    expect(rule.metadata.labels).toMatchObject(production.metrics.prometheusRule.labels);
    // up{job="flores-victoria"}: the job is the value of the Services' jobLabel, which every metrics Service carries.
    const jobs = groups.flatMap((g) => g.rules).flatMap((r) => [...r.expr.matchAll(/job!?="([^"]+)"/g)].map((m) => m[1]));
    expect(new Set(jobs)).toEqual(new Set(['flores-victoria']));
    expect(monitor.spec.jobLabel).toBe('app.kubernetes.io/part-of');
    const metricsServices = ofKind(prod, 'Service').filter((svc) => svc.metadata.labels?.['flores-victoria/metrics'] === 'true');
    expect(metricsServices.length).toBe(1 + allSubgraphs.length);
    for (const svc of metricsServices) expect(svc.metadata.labels![monitor.spec.jobLabel], svc.metadata.name).toBe('flores-victoria');
    // The series' own `service` label (the process's name) wins over the Operator's target label of the same name.
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s', honorLabels: true }]);
    // A chart packaged without the file refuses to render the rule rather than shipping an empty one.
    const copy = mkdtempSync(join(tmpdir(), 'chart-'));
    try {
      cpSync(CHART, copy, { recursive: true });
      appendFileSync(join(copy, '.helmignore'), '\nalerts/\n');
      const without = run(helm, ['template', 'shop', copy, ...WITH_PRODUCTION]);
      expect(without.status).not.toBe(0);
      expect(without.stderr).toContain('alerts/flores-victoria.rules.yml is missing from the chart');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('k8s-validate refuses what an API server would: unknown fields, wrong types, selectors and ports that match nothing', () => {
    const broken = `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: other } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: web:1
          ports: [{ name: http, containerPort: 8080 }]
          livenessProbe: { httpGet: { path: /healthz, port: htp } }
          resources: { requests: { cpu: "2" }, limits: { cpu: "1" } }
      restartPolicy: Never
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec: { selector: { app: web }, ports: [{ name: http, port: 80, targetPort: metrics }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: typo }
spec: { replicas: "2", selector: { matchLabels: { app: typo } }, template: { metadata: { labels: { app: typo } }, spec: { containers: [{ name: t, image: t }] } } }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: extra }
date: { key: value }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: gone }
spec: { scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: gone }, minReplicas: 3, maxReplicas: 2 }
---
apiVersion: policy/v1beta1
kind: PodDisruptionBudget
metadata: { name: old }
spec: { minAvailable: 1 }
`;
    const { report, status } = validate(broken);
    expect(status).toBe(1);
    const errors = report.errors.join('\n');
    for (const expected of [
      'spec.selector: Invalid value: {"matchLabels":{"app":"other"}}: selector does not match the pod template\'s labels',
      'livenessProbe.httpGet.port: Not found: "htp"',
      'resources.requests[cpu]: Invalid value: "2": must be less than or equal to the limit 1',
      'spec.template.spec.restartPolicy: Unsupported value: "Never"',
      'Service/web targets port "metrics", which the pods of Deployment/web do not name',
      'cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      'unknown field "date"',
      'spec.maxReplicas: Invalid value: 2: must be greater than or equal to minReplicas',
      'HorizontalPodAutoscaler/gone names Deployment/gone, which is not in the set',
      'policy/v1beta1, Kind=PodDisruptionBudget is not a kind this checker knows',
    ]) {
      expect(errors).toContain(expected);
    }
  });
});

// Only where the tools are missing: a skip that says why (and a failure in CI).
if (skipReason !== undefined) {
  describe('helm/flores-victoria rendered by Helm (tools missing)', () => {
    it('is checked in CI, where .ci/run builds the tools', (context) => {
      expect(process.env.CI, `CI must render and validate the chart: ${skipReason}`).not.toBe('true');
      context.skip(skipReason);
    });
  });
}
