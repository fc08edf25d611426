// The chart's scheduled backups (helm/flores-victoria/templates/backup-cronjob.yaml), read without a cluster: the
// CronJob runs the backup script of the app image, one run at a time, with exactly the variables the script reads,
// writing to the volume it mounts at BACKUP_DIR; values and schema agree. Rendered by helm too when a helm binary is
// at hand (HELM, or the one scripts build under ~/.cache/flores-victoria/bin); skipped otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { backupEnv } from '../../scripts/backup/backup-env';
import { readTemplates, skeleton } from '../support/helm-chart';

const ROOT = join(__dirname, '..', '..');
const CHART = join(ROOT, 'helm', 'flores-victoria');
const values = parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, any>;
const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as object;
const template = readTemplates(CHART)['backup-cronjob.yaml'];
const [claim, cronJob] = skeleton('backup-cronjob.yaml', template).map((d) => d.body as any);

/** A helm binary, if one is at hand. */
function findHelm(): string | undefined {
  if (process.env.HELM && existsSync(process.env.HELM)) return process.env.HELM;
  const cache = join(homedir(), '.cache', 'flores-victoria', 'bin');
  const built = existsSync(cache) ? readdirSync(cache).filter((f) => /^helm(-v[\d.]+)?$/.test(f)) : [];
  return built.length > 0 ? join(cache, built.sort().at(-1)!) : undefined;
}
const helm = findHelm();

describe('the chart’s backup CronJob', () => {
  it('is off unless asked for, and its values validate against the schema, which refuses a misspelt key', () => {
    expect(values.backup.enabled).toBe(false);
    expect(template).toMatch(/^\{\{- if \.Values\.backup\.enabled \}\}/);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(values)).toBe(true);
    expect(validate({ ...values, backup: { ...values.backup, enabled: true, existingClaim: 'shop-backups' } })).toBe(true);
    expect(validate({ ...values, backup: { ...values.backup, shedule: '0 3 * * *' } })).toBe(false);
    expect(validate({ ...values, backup: { ...values.backup, keep: -1 } })).toBe(false);
    expect(validate({ ...values, backup: { ...values.backup, persistence: { size: 'lots' } } })).toBe(false);
  });

  it('runs the backup script of the app image, one run at a time, with the variables the script reads and no other', () => {
    expect(cronJob).toMatchObject({ apiVersion: 'batch/v1', kind: 'CronJob', spec: { concurrencyPolicy: 'Forbid' } });
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    const [container] = pod.containers;
    expect(container.command).toEqual(['node', 'dist/scripts/backup.js']);
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.backup).toContain('node dist/scripts/backup.js');
    expect(existsSync(join(ROOT, 'scripts', 'backup.ts'))).toBe(true);
    // The app image, as every workload of the chart.
    expect(template).toContain('image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"');
    // The stores' URLs as files (<NAME>_FILE), from where every service reads them (the chart's credential helpers:
    // existingSecret, secretRefs or the chart's Secret); the rest as values.
    const credentials = [...(/\$credentials := list ((?:"[A-Z_]+" ?)+)/.exec(template)?.[1] ?? '').matchAll(/"([A-Z_]+)"/g)].map((m) => m[1]);
    expect(credentials.sort()).toEqual(['DATABASE_URL', 'MONGODB_URL', 'REDIS_URL']);
    expect(template).toContain('include "flores-victoria.credentialEnv" (dict "keys" $credentials)');
    expect(template).toContain('include "flores-victoria.credentialVolume" (dict "root" . "keys" $credentials)');
    const variables = container.env.map((e: { name: string }) => e.name);
    expect([...variables, ...credentials].sort()).toEqual(Object.keys(backupEnv).sort());
    // Backups go to the volume, kept as many as values say.
    const backupDir = container.env.find((e: { name: string }) => e.name === 'BACKUP_DIR').value;
    expect(container.volumeMounts).toEqual([
      { name: 'backups', mountPath: backupDir },
      { name: 'credentials', mountPath: '/etc/flores-victoria/secrets', readOnly: true },
    ]);
    expect(template).toContain('value: {{ .Values.backup.keep | quote }}');
    expect(pod.volumes).toEqual([{ name: 'backups', persistentVolumeClaim: { claimName: 'x' } }]);
    expect(template).toContain('claimName: {{ .Values.backup.existingClaim | default $name }}');
  });

  it('makes its own claim only without an existing one, and keeps it when the release is uninstalled', () => {
    expect(claim).toMatchObject({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { annotations: { 'helm.sh/resource-policy': 'keep' } } });
    expect(template).toMatch(/\{\{- if not \.Values\.backup\.existingClaim \}\}\n(#.*\n)?apiVersion: v1\nkind: PersistentVolumeClaim/);
  });

  it('has PostgreSQL’s client tools in the image (pg_dump, pg_restore, psql)', () => {
    const runtimeStage = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').split(/^FROM .* AS runtime$/m)[1];
    expect(runtimeStage).toMatch(/apt-get install[^\n]*\\?\n?.*postgresql-client/);
  });

  it.skipIf(!helm)('renders with helm: a CronJob and its claim, or the existing claim alone', () => {
    const render = (...sets: string[]) =>
      parseAllDocuments(
        execFileSync(
          helm!,
          [
            'template',
            'shop',
            CHART,
            '--show-only',
            'templates/backup-cronjob.yaml',
            ...[
              'secrets.internalSecret=test-only-internal-secret-of-32-characters',
              'secrets.authSigningKeys=[]',
              'mail.tokenKey=k',
              'backup.enabled=true',
              ...sets,
            ].flatMap((set) => ['--set', set]),
          ],
          { encoding: 'utf8' },
        ),
      )
        .map((doc) => doc.toJS())
        .filter(Boolean);
    const [ownClaim, job] = render('backup.timeZone=America/Santiago', 'backup.keep=14');
    expect(ownClaim).toMatchObject({
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'shop-flores-victoria-backup' },
      spec: { resources: { requests: { storage: '20Gi' } } },
    });
    expect(job.spec).toMatchObject({ schedule: values.backup.schedule, timeZone: 'America/Santiago', concurrencyPolicy: 'Forbid' });
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 });
    expect(pod.containers[0].env).toContainEqual({ name: 'BACKUP_KEEP', value: '14' });
    expect(pod.containers[0].env).toContainEqual({ name: 'REDIS_URL_FILE', value: '/etc/flores-victoria/secrets/REDIS_URL' });
    const sources = (p: any) =>
      Object.fromEntries(p.volumes[1].projected.sources.map((s: any) => [s.secret.items[0].path, [s.secret.name, s.secret.items[0].key]]));
    expect(sources(pod)).toEqual({
      DATABASE_URL: ['shop-flores-victoria-secrets', 'DATABASE_URL'],
      MONGODB_URL: ['shop-flores-victoria-secrets', 'MONGODB_URL'],
      REDIS_URL: ['shop-flores-victoria-secrets', 'REDIS_URL'],
    });
    expect(pod.volumes[0].persistentVolumeClaim.claimName).toBe('shop-flores-victoria-backup');

    const existing = render('backup.existingClaim=shop-backups', 'existingSecret=shop-secrets');
    expect(existing.map((d) => d.kind)).toEqual(['CronJob']);
    const existingPod = existing[0].spec.jobTemplate.spec.template.spec;
    expect(existingPod.volumes[0].persistentVolumeClaim.claimName).toBe('shop-backups');
    expect(sources(existingPod).DATABASE_URL).toEqual(['shop-secrets', 'DATABASE_URL']);
    // A credential from a Secret of its own (secretRefs), as the services get it.
    const [, referred] = render('secretRefs.DATABASE_URL.name=flores-db-app', 'secretRefs.DATABASE_URL.key=uri');
    expect(sources(referred.spec.jobTemplate.spec.template.spec).DATABASE_URL).toEqual(['flores-db-app', 'uri']);
  });
});
