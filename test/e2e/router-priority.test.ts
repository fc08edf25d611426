import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { threadsOf } from '../../runtime/process-priority';
import { spawnService } from '../support/service-process';

const logged = (output: string[], message: string) =>
  output.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { msg?: string };
      return entry.msg === message ? [entry] : [];
    } catch {
      return [];
    }
  });

// Where the router shares the cores with the subgraphs and the stores, it goes first (ROUTER_NICE, router/main.ts).
describe('the router process CPU priority', () => {
  it('gives every thread of the router the priority ROUTER_NICE names', async () => {
    const router = await spawnService('router/main.js', 'router listening', { ROUTER_NICE: '7' });
    try {
      const threads = threadsOf(router.child.pid!);
      expect(threads.length).toBeGreaterThan(1); // V8's helper threads too
      expect(threads.map((thread) => getPriority(thread))).toEqual(threads.map(() => 7));
      expect(logged(router.output, 'CPU priority set')).toEqual([expect.objectContaining({ nice: 7 })]);
    } finally {
      await router.stop();
    }
  });

  it('runs on at the priority it was given where it may not raise it (no CAP_SYS_NICE), and says why', async () => {
    // setpriv (util-linux) drops the capability for good: the router is then as an unprivileged process or container.
    const router = await spawnService('router/main.js', 'router listening', { ROUTER_NICE: '-5' }, [
      'setpriv',
      '--inh-caps=-sys_nice',
      '--bounding-set=-sys_nice',
    ]);
    try {
      expect(getPriority(router.child.pid)).toBe(getPriority(process.pid));
      expect(logged(router.output, 'CPU priority not set (raising it needs CAP_SYS_NICE)')).toEqual([
        expect.objectContaining({ nice: -5, reason: expect.stringMatching(/EACCES|EPERM/) }),
      ]);
    } finally {
      await router.stop();
    }
  });
});
