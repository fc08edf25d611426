import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';

/** The repository: the nearest folder with a package.json (this file runs from scripts/ under vitest, from dist/scripts/ built). */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
const ROOT = repositoryRoot(__dirname);

/** The one Prometheus configuration: compose's targets (service names); every other place replaces those alone. */
export const PROMETHEUS_CONFIG = join(ROOT, 'deploy', 'prometheus', 'prometheus.yml');
/** The alert rules every deployment loads (in the chart, so a PrometheusRule can read them). */
export const ALERT_RULES_DIR = join(ROOT, 'helm', 'flores-victoria', 'alerts');
export const ALERTMANAGER_CONFIG = join(ROOT, 'deploy', 'alertmanager', 'alertmanager.yml');

interface StaticConfig {
  targets: string[];
  labels?: Record<string, string>;
}
interface ScrapeConfig {
  job_name: string;
  static_configs?: StaticConfig[];
  [key: string]: unknown;
}
interface PrometheusConfig {
  global?: Record<string, unknown>;
  rule_files?: string[];
  alerting?: { alertmanagers?: Array<{ static_configs?: StaticConfig[] }> };
  scrape_configs: ScrapeConfig[];
}

/**
 * Where a target of the compose configuration (`router:9000`, `postgres-exporter:9187`) is in this place: an
 * address, or undefined to leave it out. A job left without targets is left out; so is Alertmanager when it has none.
 */
export type TargetAddress = (target: string, job: string) => string | undefined;

export interface PrometheusRendering {
  address: TargetAddress;
  /** Overrides of the global section (a test scrapes and evaluates every second). */
  scrapeInterval?: string;
  evaluationInterval?: string;
}

/** The compose configuration with its targets moved (see deploy/prometheus/prometheus.yml); the rest is unchanged. */
export function renderPrometheusConfig(rendering: PrometheusRendering, source = readFileSync(PROMETHEUS_CONFIG, 'utf8')): string {
  const config = parse(source) as PrometheusConfig;
  const move = (configs: StaticConfig[] | undefined, job: string): StaticConfig[] =>
    (configs ?? [])
      .map((group) => ({ ...group, targets: group.targets.flatMap((target) => rendering.address(target, job) ?? []) }))
      .filter((group) => group.targets.length > 0);
  config.scrape_configs = config.scrape_configs
    .map((job) => ({ ...job, static_configs: move(job.static_configs, job.job_name) }))
    .filter((job) => job.static_configs.length > 0);
  const alertmanagers = (config.alerting?.alertmanagers ?? [])
    .map((manager) => ({ ...manager, static_configs: move(manager.static_configs, 'alertmanager') }))
    .filter((manager) => manager.static_configs.length > 0);
  if (alertmanagers.length > 0) config.alerting = { alertmanagers };
  else delete config.alerting;
  config.global = {
    ...config.global,
    ...(rendering.scrapeInterval ? { scrape_interval: rendering.scrapeInterval, scrape_timeout: rendering.scrapeInterval } : {}),
    ...(rendering.evaluationInterval ? { evaluation_interval: rendering.evaluationInterval } : {}),
  };
  return `# Written from deploy/prometheus/prometheus.yml (scripts/monitoring/monitoring-config.ts): edit that file, not this one.\n${stringify(config)}`;
}

/**
 * Writes a Prometheus configuration into `dir` as compose lays it out: prometheus.yml, and rules/ beside it (a link
 * to the alert rules), so its relative `rule_files` resolve the same way. Returns the configuration file's path.
 */
export function writePrometheusDir(dir: string, config: string): string {
  mkdirSync(dir, { recursive: true });
  const rules = join(dir, 'rules');
  rmSync(rules, { force: true, recursive: false });
  symlinkSync(ALERT_RULES_DIR, rules, 'dir');
  const file = join(dir, 'prometheus.yml');
  // Renamed into place (one step on POSIX filesystems): a Prometheus reloading at that moment never reads half a file.
  writeFileSync(`${file}.tmp`, config);
  renameSync(`${file}.tmp`, file);
  return file;
}

export interface AlertmanagerRendering {
  /** host:port of the SMTP server. */
  smarthost: string;
  /** Recipients of every alert (comma separated in the mail's To). */
  to?: string;
  /** Shorter waits than production's (a test wants its mail within seconds). */
  groupWait?: string;
  groupInterval?: string;
}

interface AlertmanagerConfig {
  global: Record<string, unknown>;
  route: Record<string, unknown>;
  receivers: Array<{ name: string; email_configs?: Array<Record<string, unknown>> }>;
}

/** deploy/alertmanager/alertmanager.yml with another SMTP server, recipients or group timings; the rest unchanged. */
export function renderAlertmanagerConfig(rendering: AlertmanagerRendering, source = readFileSync(ALERTMANAGER_CONFIG, 'utf8')): string {
  const config = parse(source) as AlertmanagerConfig;
  config.global.smtp_smarthost = rendering.smarthost;
  if (rendering.to) for (const receiver of config.receivers) for (const email of receiver.email_configs ?? []) email.to = rendering.to;
  if (rendering.groupWait) config.route.group_wait = rendering.groupWait;
  if (rendering.groupInterval) config.route.group_interval = rendering.groupInterval;
  return `# Written from deploy/alertmanager/alertmanager.yml (scripts/monitoring/monitoring-config.ts): edit that file, not this one.\n${stringify(config)}`;
}

export function writeAlertmanagerDir(dir: string, config: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'alertmanager.yml');
  writeFileSync(`${file}.tmp`, config);
  renameSync(`${file}.tmp`, file);
  return file;
}
