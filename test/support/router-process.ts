import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { testEnv } from './test-env';

// The built router (`npm test` builds first), as `npm start` and containers run it.
const routerMain = join(__dirname, '..', '..', 'dist', 'router', 'main.js');

export interface RouterProcess {
  url: string;
  /** SIGTERM, then the exit code. */
  stop: () => Promise<number | null>;
}

/** Spawns `node dist/router/main.js` on a free port with this environment; resolves once it listens. */
export function spawnRouter(env: Record<string, string>): Promise<RouterProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [routerMain], { env: { ...process.env, ...testEnv, LOG_LEVEL: 'info', PORT: '0', ...env } });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const output: string[] = [];
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the router did not start:\n${output.join('\n')}`));
    }, 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        output.push(line);
        const entry = (() => {
          try {
            return JSON.parse(line) as { msg?: string; url?: string };
          } catch {
            return {};
          }
        })();
        if (entry.msg === 'router listening' && entry.url) {
          clearTimeout(timer);
          resolve({ url: entry.url, stop: () => (child.kill('SIGTERM'), exited) });
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the router exited with ${code}:\n${output.join('\n')}`));
    });
  });
}
