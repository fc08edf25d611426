import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import {
  renderAlertmanagerConfig,
  renderPrometheusConfig,
  writeAlertmanagerDir,
  writePrometheusDir,
  type AlertmanagerRendering,
  type TargetAddress,
} from '../../scripts/monitoring/monitoring-config';

// The real Prometheus, Alertmanager and exporters (Debian's, which `bash scripts/ops.sh install` puts on the machine;
// `npm test` runs it first), each on a free loopback port with the project's own configuration.

/** Fails with what to run when a binary is missing (CI installs them through `npm test`). */
export function requireBinaries(...names: string[]): void {
  const missing = names.filter((name) => spawnSync('sh', ['-c', `command -v ${name}`]).status !== 0);
  if (missing.length > 0) throw new Error(`${missing.join(', ')} not installed: run \`bash scripts/ops.sh install\` (npm test does)`);
}

export interface MonitoringProcess {
  /** http://127.0.0.1:port */
  url: string;
  /** host:port, as a scrape target. */
  address: string;
  /** What it wrote so far. */
  output: string[];
  stop: () => Promise<void>;
}

/** Spawns `command` and waits until GET `readyPath` on `port` answers 200 (fails if it exits first or takes a minute). */
export async function startMonitoringProcess(
  command: string,
  args: string[],
  port: number,
  readyPath: string,
  env: Record<string, string> = {},
): Promise<MonitoringProcess> {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (const deadline = Date.now() + 60_000; ;) {
    if (child.exitCode !== null) throw new Error(`${command} exited at start:\n${output.join('')}`);
    const ready = await fetch(`${url}${readyPath}`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return { url, address: `127.0.0.1:${port}`, output, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${command} did not answer ${readyPath} within a minute:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface RunningPrometheus extends MonitoringProcess {
  /** An instant query through the HTTP API: its answer as Prometheus gives it (status, data or error). */
  query: (expr: string) => Promise<PrometheusAnswer>;
  /** A GET of the HTTP API (`/api/v1/...`), its data. */
  api: <T>(path: string) => Promise<T>;
}

export interface PrometheusAnswer {
  status: 'success' | 'error';
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

/**
 * Prometheus with the project's configuration (deploy/prometheus/prometheus.yml and the alert rules), its targets
 * moved by `address` (compose's target → this test's, or undefined to leave it out), scraping and evaluating every
 * `interval`. Its own target (`prometheus:9090`) is itself.
 */
export async function startPrometheus(address: TargetAddress, interval = '2s'): Promise<RunningPrometheus> {
  requireBinaries('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'flores-prometheus-'));
  const port = await freePort();
  const config = writePrometheusDir(
    dir,
    renderPrometheusConfig({
      address: (target, job) => (job === 'prometheus' ? `127.0.0.1:${port}` : address(target, job)),
      scrapeInterval: interval,
      evaluationInterval: interval,
    }),
  );
  const running = await startMonitoringProcess(
    'prometheus',
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    port,
    '/-/ready',
  );
  const api = async <T>(path: string): Promise<T> => {
    const answer = (await (await fetch(`${running.url}${path}`)).json()) as { status: string; data: T; error?: string };
    if (answer.status !== 'success') throw new Error(`Prometheus ${path}: ${answer.error}`);
    return answer.data;
  };
  return {
    ...running,
    api,
    query: async (expr) => (await (await fetch(`${running.url}/api/v1/query?${new URLSearchParams({ query: expr }).toString()}`)).json()) as PrometheusAnswer,
    stop: async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Alertmanager with the project's configuration (deploy/alertmanager/alertmanager.yml), re-pointed by `rendering`. */
export async function startAlertmanager(rendering: AlertmanagerRendering): Promise<MonitoringProcess> {
  requireBinaries('prometheus-alertmanager');
  const dir = mkdtempSync(join(tmpdir(), 'flores-alertmanager-'));
  const port = await freePort();
  const config = writeAlertmanagerDir(dir, renderAlertmanagerConfig(rendering));
  const running = await startMonitoringProcess(
    'prometheus-alertmanager',
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    port,
    '/-/ready',
  );
  return {
    ...running,
    stop: async () => {
      await running.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
