import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { testEnv } from './test-env';

// The built services (`npm test` builds first), as `npm start` and containers run them.
const dist = join(__dirname, '..', '..', 'dist');

export interface ServiceProcess {
  url: string;
  port: number;
  /** Its /metrics, on its metrics port (METRICS_PORT: a free one, from testEnv). */
  metricsUrl: string;
  child: ChildProcess;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
  /** SIGKILL (a crash), then the exit code. */
  kill: () => Promise<number | null>;
  /** Everything it wrote so far (stdout lines, stderr chunks), growing while it runs. */
  output: string[];
}

/**
 * Spawns `node dist/<script>` against the test stores with this environment, through `launcher` when given (a
 * command that runs the rest of its arguments, as `setpriv` does); resolves once it logs `<readyMessage>` with its URL.
 */
export function spawnService(script: string, readyMessage: string, env: Record<string, string>, launcher: string[] = []): Promise<ServiceProcess> {
  return new Promise((resolve, reject) => {
    const [command, ...args] = [...launcher, process.execPath, join(dist, script)];
    const child = spawn(command, args, { env: { ...process.env, ...testEnv, LOG_LEVEL: 'info', PORT: '0', ...env } });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const output: string[] = [];
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not start:\n${output.join('\n')}`));
    }, 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        const entry = (() => {
          try {
            return JSON.parse(line) as { msg?: string; url?: string; metricsUrl?: string };
          } catch {
            return {};
          }
        })();
        if (entry.msg === readyMessage && entry.url) {
          clearTimeout(timer);
          resolve({
            url: entry.url,
            port: Number(new URL(entry.url).port),
            metricsUrl: entry.metricsUrl ?? '',
            child,
            stop: () => (child.kill('SIGTERM'), exited),
            kill: () => (child.kill('SIGKILL'), exited),
            output,
          });
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code}:\n${output.join('\n')}`));
    });
  });
}
