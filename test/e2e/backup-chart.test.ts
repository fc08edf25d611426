// The chart's scheduled backups (helm/flores-victoria/templates/backup-cronjob.yaml), rendered by Helm and validated
// offline by deploy/k8s-validate as test/e2e/helm-chart.test.ts does the rest of the chart: the CronJob runs the
// image's backup script one run at a time, under the restricted security context of the other workloads, with exactly
// the variables the script reads and its credentials as files from the Secrets the services read them from (the
// chart's, existingSecret, secretRefs), writing to a claim of its own that outlives the release or to an existing one.
// Values and schema are checked without Helm.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { FILE_VARIABLES, loadConfig } from '../../runtime/config';
import { backupEnv } from '../../scripts/backup/backup-env';
import { deployTools, missingTools } from '../support/deploy-tools';
import {
  CHART,
  helmTemplate,
  type K8sObject,
  named,
  ofKind,
  OPERATOR_KINDS,
  parseManifests,
  PRODUCTION_VALUES,
  REQUIRED_VALUES,
  validateManifests,
} from '../support/helm-chart';

const ROOT = join(__dirname, '..', '..');
const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, any>;
const production = parse(readFileSync(PRODUCTION_VALUES, 'utf8')) as Record<string, any>;
const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as object;

const SECRETS_DIR = '/etc/flores-victoria/secrets';
const isCredential = (v: string) => (FILE_VARIABLES as readonly string[]).includes(v);
/** The credentials the backup script reads (scripts/backup/backup-env.ts): the stores' URLs. */
const credentials = Object.keys(backupEnv).filter(isCredential).sort();
/** Every variable it reads by name, each credential through its file: what the CronJob must set, and nothing else. */
const scriptVariables = [...Object.keys(backupEnv).filter((v) => !isCredential(v)), ...credentials.map((k) => `${k}_FILE`)].sort();

describe('backup values (without Helm)', () => {
  it('is off unless asked for, on in the production example; the values validate against the schema, which refuses what is wrong', () => {
    expect(values.backup.enabled).toBe(false);
    expect(production.backup.enabled).toBe(true);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(values), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...values, backup: { ...values.backup, ...production.backup } }), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...values, backup: { ...values.backup, enabled: true, existingClaim: 'shop-backups' } })).toBe(true);
    expect(validate({ ...values, backup: { ...values.backup, shedule: '0 3 * * *' } })).toBe(false);
    expect(validate({ ...values, backup: { ...values.backup, keep: -1 } })).toBe(false);
    expect(validate({ ...values, backup: { ...values.backup, persistence: { size: 'lots' } } })).toBe(false);
    expect(validate({ ...values, backup: { ...values.backup, credentials: ['DATABASE_URI'] } })).toBe(false);
  });

  it('lists the credentials the backup script reads (helm-chart.test.ts checks every workload the same way)', () => {
    expect(credentials).toEqual(['DATABASE_URL', 'MONGODB_URL', 'REDIS_URL']);
    expect([...values.backup.credentials].sort()).toEqual(credentials);
  });

  it('has PostgreSQL’s client tools in the image (pg_dump, pg_restore, psql), and npm runs the script the CronJob runs', () => {
    const runtimeStage = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split(/^FROM .* AS runtime$/m)[1];
    expect(runtimeStage).toMatch(/apt-get install[^\n]*\\?\n?.*postgresql-client/);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.backup).toContain('node dist/scripts/backup.js');
  });
});

// ---------------------------------------------------------------- rendered by Helm

const tools = deployTools('helm', 'k8s-validate');
const skipReason = missingTools(tools, ['helm', 'k8s-validate']);
const ON = [...REQUIRED_VALUES, '--set', 'backup.enabled=true'];
const WITH_PRODUCTION = ['-f', PRODUCTION_VALUES];
const sets = (...assignments: string[]) => assignments.flatMap((s) => ['--set', s]);

function render(args: string[], release = 'shop'): K8sObject[] {
  const { stdout, stderr, status } = helmTemplate(tools.helm!, args, release);
  expect(status, stderr).toBe(0);
  return parseManifests(stdout);
}

/** The CronJob of a rendering, with its pod spec and container. */
function backupOf(objects: K8sObject[]) {
  const [cronJob] = ofKind(objects, 'CronJob');
  const pod = cronJob.spec.jobTemplate.spec.template.spec;
  return { cronJob, pod, container: pod.containers[0] };
}

/** Where a pod's credential files come from: path → { name, key } of the Secret, from its projected volume. */
function credentialSources(pod: any): Record<string, { name: string; key: string }> {
  const volume = pod.volumes.find((v: { name: string }) => v.name === 'credentials');
  return Object.fromEntries(
    volume.projected.sources.map((s: any) => {
      const [item] = s.secret.items;
      return [item.path, { name: s.secret.name, key: item.key }];
    }),
  );
}

describe.skipIf(skipReason !== undefined)('the backup CronJob rendered by Helm', () => {
  let defaults: K8sObject[];
  let on: K8sObject[];
  let prod: K8sObject[];
  beforeAll(() => {
    defaults = render(REQUIRED_VALUES);
    on = render([...ON, ...sets('backup.timeZone=America/Santiago', 'backup.keep=14')]);
    prod = render(WITH_PRODUCTION);
  });

  it('is not rendered unless asked for', () => {
    expect(ofKind(defaults, 'CronJob')).toEqual([]);
    expect(ofKind(defaults, 'PersistentVolumeClaim')).toEqual([]);
  });

  it('renders manifests the Kubernetes API types accept: its own claim or an existing one, any source of the credentials, a long release name', () => {
    const cases: { name: string; args: string[]; release?: string; external: string[]; allowed?: string[] }[] = [
      { name: 'own claim, the chart’s Secret', args: ON, external: [] },
      {
        name: 'existing claim and Secret',
        args: [...ON, ...sets('backup.existingClaim=shop-backups', 'existingSecret=shop-secrets')],
        external: ['PersistentVolumeClaim/shop-backups', 'Secret/shop-secrets'],
      },
      {
        name: 'secretRefs',
        args: [...ON, ...sets('secretRefs.DATABASE_URL.name=shop-db-app', 'secretRefs.DATABASE_URL.key=uri')],
        external: ['Secret/shop-db-app'],
      },
      {
        name: 'production example',
        args: WITH_PRODUCTION,
        external: ['Secret/flores-db-app', 'Secret/flores-victoria-credentials'],
        allowed: OPERATOR_KINDS,
      },
      // Helm's longest release name: the CronJob's name stays within the 52 characters the API allows it.
      { name: 'long release name', args: ON, release: 'a-release-name-of-fifty-three-characters-long-exactly', external: [] },
    ];
    for (const { name, args, release, external, allowed } of cases) {
      const { stdout, stderr, status } = helmTemplate(tools.helm!, args, release);
      expect(status, `${name}: ${stderr}`).toBe(0);
      const { report, stderr: errors, status: validated } = validateManifests(tools['k8s-validate']!, stdout, allowed);
      expect(errors, name).toBe('');
      expect(report.errors, name).toEqual([]);
      expect(validated, name).toBe(0);
      expect(
        report.objects.filter((o) => o.kind === 'CronJob').map((o) => o.valid),
        name,
      ).toEqual([true]);
      const referenced = report.external.map((r) => `${r.kind}/${r.name}`);
      for (const ref of external) expect(referenced, name).toContain(ref);
      if (!allowed) expect(referenced.sort(), name).toEqual([...external].sort());
    }
    const long = backupOf(render(ON, 'a-release-name-of-fifty-three-characters-long-exactly')).cronJob;
    expect(long.metadata.name.length).toBeLessThanOrEqual(52);
    expect(long.metadata.name).toMatch(/-backup$/);
  });

  it('runs the image’s backup script on its schedule, one run at a time, a missed run skipped', () => {
    const { cronJob, pod, container } = backupOf(on);
    expect(cronJob.metadata.name).toBe('shop-flores-victoria-backup');
    expect(cronJob.spec).toMatchObject({
      schedule: values.backup.schedule,
      timeZone: 'America/Santiago',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
    });
    expect(cronJob.spec.jobTemplate.spec).toMatchObject({
      backoffLimit: values.backup.backoffLimit,
      activeDeadlineSeconds: values.backup.activeDeadlineSeconds,
    });
    expect(pod.restartPolicy).toBe('Never');
    expect(container.command).toEqual(['node', 'dist/scripts/backup.js']);
    const router = named(on, 'Deployment', 'shop-flores-victoria-router')!.spec.template.spec;
    expect(container.image).toBe(router.containers[0].image);
    expect(container.resources).toEqual(values.backup.resources);
  });

  it('has the restricted security context of the other workloads, and the volume’s group so it can write there', () => {
    for (const objects of [on, prod]) {
      const { pod, container } = backupOf(objects);
      const router = named(objects, 'Deployment', 'shop-flores-victoria-router')!.spec.template.spec;
      expect(pod.securityContext).toEqual({ ...router.securityContext, fsGroup: values.backup.fsGroup });
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toEqual(router.containers[0].securityContext);
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
  });

  it('gets exactly the variables its script reads, the credentials as files from the Secrets the services read them from, none in its environment', () => {
    const existing = render([...ON, ...sets('existingSecret=shop-secrets')]);
    const refs = render([
      ...ON,
      ...sets('secretRefs.DATABASE_URL.name=shop-db-app', 'secretRefs.DATABASE_URL.key=uri', 'secretRefs.REDIS_URL.name=shop-redis'),
    ]);
    for (const [what, objects, expected] of [
      [
        'the chart’s Secret',
        on,
        { DATABASE_URL: 'shop-flores-victoria-secrets', MONGODB_URL: 'shop-flores-victoria-secrets', REDIS_URL: 'shop-flores-victoria-secrets' },
      ],
      ['existingSecret', existing, { DATABASE_URL: 'shop-secrets', MONGODB_URL: 'shop-secrets', REDIS_URL: 'shop-secrets' }],
      ['secretRefs', refs, { DATABASE_URL: 'shop-db-app', MONGODB_URL: 'shop-flores-victoria-secrets', REDIS_URL: 'shop-redis' }],
      ['production example', prod, { DATABASE_URL: 'flores-db-app', MONGODB_URL: 'flores-victoria-credentials', REDIS_URL: 'flores-victoria-credentials' }],
    ] as const) {
      const { pod, container } = backupOf(objects);
      expect(container.env.map((e: { name: string }) => e.name).sort(), what).toEqual(scriptVariables);
      for (const e of container.env) expect(Object.keys(e).sort(), `${what}: ${e.name}`).toEqual(['name', 'value']);
      expect(container.envFrom, what).toBeUndefined();
      for (const key of credentials) expect(container.env, what).toContainEqual({ name: `${key}_FILE`, value: `${SECRETS_DIR}/${key}` });
      expect(container.volumeMounts, what).toContainEqual({ name: 'credentials', mountPath: SECRETS_DIR, readOnly: true });
      const sources = credentialSources(pod);
      expect(Object.keys(sources).sort(), what).toEqual(credentials);
      expect(Object.fromEntries(Object.entries(sources).map(([path, s]) => [path, s.name])), what).toEqual(expected);
      // From where every Deployment reading the same credential gets it (name and key).
      for (const d of ofKind(objects, 'Deployment')) {
        const theirs = credentialSources(d.spec.template.spec);
        for (const key of credentials) if (theirs[key]) expect(sources[key], `${what}: ${key} as ${d.metadata.name} has it`).toEqual(theirs[key]);
      }
    }
    expect(credentialSources(backupOf(refs).pod).DATABASE_URL).toEqual({ name: 'shop-db-app', key: 'uri' });
    // The chart's Secret holds every key the CronJob mounts from it.
    const secret = named(on, 'Secret', 'shop-flores-victoria-secrets')!;
    for (const key of credentials) expect(Object.keys(secret.stringData)).toContain(key);
  });

  it('hands its script a configuration the script’s own validation accepts: the stores’ URLs from the files, the folder on the volume, the kept count', () => {
    const { pod, container } = backupOf(on);
    const secret = named(on, 'Secret', 'shop-flores-victoria-secrets')!.stringData as Record<string, string>;
    // The files as the projected volume lays them out, in a folder of the test's.
    const mounted = mkdtempSync(join(tmpdir(), 'backup-chart-secrets-'));
    try {
      for (const [path, source] of Object.entries(credentialSources(pod))) writeFileSync(join(mounted, path), `${secret[source.key]}\n`);
      const inMounted = (value: string) => (value.startsWith(`${SECRETS_DIR}/`) ? join(mounted, value.slice(SECRETS_DIR.length + 1)) : value);
      const env = Object.fromEntries(container.env.map((e: { name: string; value: string }) => [e.name, inMounted(e.value)]));
      const config = loadConfig(backupEnv, env);
      expect(config).toEqual({
        DATABASE_URL: values.external.postgresql.url,
        MONGODB_URL: values.external.mongodb.url,
        REDIS_URL: values.external.redis.url,
        BACKUP_DIR: '/backups',
        BACKUP_KEEP: 14,
      });
      // BACKUP_DIR is where the backups' volume is mounted.
      expect(container.volumeMounts).toContainEqual({ name: 'backups', mountPath: config.BACKUP_DIR });
    } finally {
      rmSync(mounted, { recursive: true, force: true });
    }
  });

  it('keeps the backups on a claim of its own that outlives the release, or on an existing claim', () => {
    const claim = named(on, 'PersistentVolumeClaim', 'shop-flores-victoria-backup')!;
    expect(claim.metadata.annotations).toEqual({ 'helm.sh/resource-policy': 'keep' });
    expect(claim.spec).toEqual({ accessModes: values.backup.persistence.accessModes, resources: { requests: { storage: values.backup.persistence.size } } });
    expect(backupOf(on).pod.volumes).toContainEqual({ name: 'backups', persistentVolumeClaim: { claimName: 'shop-flores-victoria-backup' } });
    const classed = named(render([...ON, ...sets('backup.persistence.storageClass=fast-ssd')]), 'PersistentVolumeClaim', 'shop-flores-victoria-backup')!;
    expect(classed.spec.storageClassName).toBe('fast-ssd');
    expect(named(prod, 'PersistentVolumeClaim', 'shop-flores-victoria-backup')!.spec.resources.requests.storage).toBe(production.backup.persistence.size);

    const existing = render([...ON, ...sets('backup.existingClaim=shop-backups')]);
    expect(ofKind(existing, 'PersistentVolumeClaim')).toEqual([]);
    expect(backupOf(existing).pod.volumes).toContainEqual({ name: 'backups', persistentVolumeClaim: { claimName: 'shop-backups' } });
  });
});

// Only where the tools are missing: a skip that says why (and a failure in CI).
if (skipReason !== undefined) {
  describe('the backup CronJob rendered by Helm (tools missing)', () => {
    it('is checked in CI, where .ci/run builds the tools', (context) => {
      expect(process.env.CI, `CI must render and validate the chart: ${skipReason}`).not.toBe('true');
      context.skip(skipReason);
    });
  });
}
