import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALERT_RULES_DIR,
  ALERTMANAGER_CONFIG,
  PROMETHEUS_CONFIG,
  renderAlertmanagerConfig,
  renderPrometheusConfig,
  writeAlertmanagerDir,
  writePrometheusDir,
} from '../../scripts/monitoring/monitoring-config';
import { localAddress } from '../../scripts/monitoring/render-local';
import { uniqueMailbox, waitForMails } from '../support/mailpit';
import { requireBinaries, startAlertmanager, type MonitoringProcess } from '../support/monitoring';
import { testEnv } from '../support/test-env';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const TESTS_DIR = join(ROOT, 'deploy', 'prometheus', 'tests');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const ruleFiles = readdirSync(ALERT_RULES_DIR).filter((file) => file.endsWith('.yml'));
const alerts = ruleFiles.flatMap((file) =>
  (parse(readFileSync(join(ALERT_RULES_DIR, file), 'utf8')) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((group) =>
    group.rules.filter((rule) => rule.alert),
  ),
);
const testFiles = readdirSync(TESTS_DIR)
  .filter((file) => file.endsWith('.test.yml'))
  .map((file) => join(TESTS_DIR, file));

interface AlertTest {
  alertname: string;
  exp_alerts: unknown[];
}
const alertTests = testFiles.flatMap((file) =>
  (parse(readFileSync(file, 'utf8')) as { tests: Array<{ alert_rule_test?: AlertTest[] }> }).tests.flatMap((test) => test.alert_rule_test ?? []),
);

describe('the alert rules (helm/flores-victoria/alerts/), with promtool', () => {
  beforeAll(() => requireBinaries('promtool', 'amtool'));

  it("watch every scrape job of the project's configuration, and only those (a shared cluster Prometheus has other teams' jobs)", () => {
    const jobs = (
      parse(readFileSync(join(ROOT, 'deploy', 'prometheus', 'prometheus.yml'), 'utf8')) as { scrape_configs: Array<{ job_name: string }> }
    ).scrape_configs.map((config) => config.job_name);
    const targetDown = alerts.find((rule) => rule.alert === 'MonitoringTargetDown')!.expr;
    const watched = /job=~"([^"]+)"/.exec(targetDown)![1].split('|');
    expect([...watched].sort()).toEqual(jobs.filter((job) => job !== 'flores-victoria').sort());
    expect(alerts.find((rule) => rule.alert === 'ServiceDown')!.expr).toContain('job="flores-victoria"');
  });

  it('cover what operators must hear about, each with a severity, a summary and a description', () => {
    expect(alerts.map((rule) => rule.alert).sort()).toEqual(
      [
        'ServiceDown',
        'ServiceNotReady',
        'MonitoringTargetDown',
        'StoreDown',
        'HighErrorRatio',
        'ServerErrors',
        'SlowOperation',
        'SubscribersCutForSlowness',
        'SubgraphCallsFailing',
        'SubgraphBreakerOpen',
        'OutboxBacklog',
        'QueueBacklog',
        'ConsumerDisconnected',
        'EventsDeadLettered',
        'DeadLettersWaiting',
        'StockReleasesStuck',
        'CacheHitRatioCollapsed',
        'RateLimitRefusalsSurging',
        'PostgreSQLConnectionsNearLimit',
        'RedisConnectionsNearLimit',
        'MongoDBConnectionsNearLimit',
        'DiskSpaceLow',
        'DiskFillingUp',
        'RabbitMQResourceAlarm',
      ].sort(),
    );
    for (const rule of alerts) {
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
    }
  });

  it('pass promtool check rules', async () => {
    const { stdout } = await run('promtool', ['check', 'rules', ...ruleFiles.map((file) => join(ALERT_RULES_DIR, file))]);
    expect(stdout).toContain(`SUCCESS: ${alerts.length} rules found`);
  });

  it('each has unit tests where it fires and where it does not, and every test passes (promtool test rules)', async () => {
    for (const rule of alerts) {
      const cases = alertTests.filter((test) => test.alertname === rule.alert);
      expect(
        cases.some((test) => test.exp_alerts.length > 0),
        `${rule.alert} fires in a test`,
      ).toBe(true);
      expect(
        cases.some((test) => test.exp_alerts.length === 0),
        `${rule.alert} stays quiet in a test`,
      ).toBe(true);
    }
    // promtool exits 1 on any failed case and prints which; its output is the assertion's message.
    const result = await run('promtool', ['test', 'rules', ...testFiles]).then(
      ({ stdout }) => ({ ok: true, output: stdout }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(result.ok, result.output).toBe(true);
    expect(result.output.match(/SUCCESS/g)?.length).toBe(testFiles.length);
  });
});

describe('the Prometheus and Alertmanager configurations (deploy/)', () => {
  let dir: string;
  beforeAll(() => {
    requireBinaries('promtool', 'amtool');
    dir = mkdtempSync(join(tmpdir(), 'flores-monitoring-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("as this machine runs them (npm run ops) pass promtool's and amtool's checks, the rules loaded beside", async () => {
    const prometheus = writePrometheusDir(join(dir, 'prometheus'), renderPrometheusConfig({ address: localAddress({}) }));
    const { stdout } = await run('promtool', ['check', 'config', prometheus]);
    expect(stdout).toContain('SUCCESS: 1 rule files found');
    expect(stdout).toContain(`SUCCESS: ${alerts.length} rules found`);
    await run('amtool', ['check-config', writeAlertmanagerDir(join(dir, 'alertmanager'), renderAlertmanagerConfig({ smarthost: '127.0.0.1:1025' }))]);
    await run('amtool', ['check-config', ALERTMANAGER_CONFIG]);
  });

  it('differ from compose only by their targets and the SMTP server', () => {
    const compose = parse(readFileSync(PROMETHEUS_CONFIG, 'utf8')) as {
      scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
    };
    const local = parse(renderPrometheusConfig({ address: localAddress({ PROMETHEUS_PORT: '19090' }) })) as typeof compose;
    const withoutTargets = (config: typeof compose) => ({
      ...config,
      alerting: undefined,
      scrape_configs: config.scrape_configs.map((job) => ({ ...job, static_configs: job.static_configs.map((group) => ({ ...group, targets: [] })) })),
    });
    expect(withoutTargets(local)).toEqual(withoutTargets(compose));
    const targets = local.scrape_configs.flatMap((job) => job.static_configs.flatMap((group) => group.targets));
    expect(targets.every((target) => target.startsWith('127.0.0.1:'))).toBe(true);
    expect(targets).toContain('127.0.0.1:19090');
    expect(targets).toContain('127.0.0.1:9000');
  });
});

// Alertmanager (the real binary, the project's routing and receiver) mailing through the tests' Mailpit.
describe('an alert sent to Alertmanager', () => {
  let alertmanager: MonitoringProcess;
  const mailbox = uniqueMailbox('operators');
  beforeAll(async () => {
    const smtp = new URL(testEnv.SMTP_URL);
    alertmanager = await startAlertmanager({ smarthost: `${smtp.hostname}:${smtp.port}`, to: mailbox, groupWait: '1s', groupInterval: '1s' });
  }, 90_000);
  afterAll(() => alertmanager?.stop());

  it('reaches the operators by e-mail with its summary, and again once resolved', { timeout: 90_000 }, async () => {
    const instance = `orders-${process.pid}:9004`;
    const alert = {
      labels: { alertname: 'ServiceNotReady', severity: 'critical', service: 'orders', instance, job: 'flores-victoria' },
      annotations: { summary: `orders on ${instance} is not ready`, description: 'Its /readyz has failed for 2 minutes.' },
      startsAt: new Date().toISOString(),
    };
    const post = (body: unknown) =>
      fetch(`${alertmanager.url}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post([alert])).status).toBe(200);
    const [firing] = await waitForMails(mailbox, 1, 60_000);
    expect(firing.subject).toMatch(/^\[FIRING:1\] Flores Victoria: ServiceNotReady /);
    expect(firing.subject).toContain('service=orders');
    expect(firing.from).toBe('alerts@flores-victoria.example');
    expect(firing.text + firing.html).toContain(`orders on ${instance} is not ready`);

    expect((await post([{ ...alert, endsAt: new Date().toISOString() }])).status).toBe(200);
    const mails = await waitForMails(mailbox, 2, 60_000);
    expect(mails.map((mail) => mail.subject.slice(0, 10))).toEqual(['[FIRING:1]', '[RESOLVED]']);
  });
});
