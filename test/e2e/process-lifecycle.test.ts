import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectData } from '../support/graphql';
import { testEnv } from '../support/test-env';

// These run the built services (`npm test` builds first), as `npm start` and containers do.
const dist = join(__dirname, '..', '..', 'dist');

interface Exited {
  code: number | null;
  lines: string[];
}

function run(script: string, env: Record<string, string>, onLine: (line: string, kill: () => void) => void = () => {}): Promise<Exited> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dist, script)], { env: { ...process.env, ...testEnv, LOG_LEVEL: 'info', ...env } });
    const lines: string[] = [];
    let buffered = '';
    const collect = (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete.filter(Boolean)) {
        lines.push(line);
        onLine(line, () => child.kill('SIGTERM'));
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, lines }));
    setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
  });
}

describe('a service process', () => {
  it('serves, then on SIGTERM stops cleanly with exit code 0, logging only JSON', async () => {
    let answered = false;
    const exited = await run('subgraphs/orders/main.js', { PORT: '0' }, (line, kill) => {
      const entry = JSON.parse(line);
      if (entry.msg !== 'orders subgraph listening') return;
      expectData(entry.url, '{ _service { sdl } }').then((data) => {
        answered = data._service.sdl.includes('type Order');
        kill();
      }, kill);
    });
    expect(answered).toBe(true);
    expect(exited.code).toBe(0);
    const messages = exited.lines.map((line) => JSON.parse(line).msg);
    expect(messages).toEqual(expect.arrayContaining(['shutting down', 'orders subgraph stopped']));
  });

  it('refuses to start with a bad variable, naming it, with exit code 1', async () => {
    const exited = await run('subgraphs/catalog/main.js', { PORT: '0', MONGODB_URL: 'http://not-mongo' });
    expect(exited.code).toBe(1);
    expect(exited.lines.join('\n')).toContain('MONGODB_URL');
  });
});
