import { describe, expect, it } from 'vitest';
import { storeProcesses, watchProcesses } from './process-usage';

const busy = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

describe('watchProcesses', () => {
  it('counts a process alone and in a group, where a member that is gone counts nothing', () => {
    const gone = 2 ** 22 + 12_345; // above Linux's default pid_max: no such process
    const watch = watchProcesses([
      { name: 'harness', pid: process.pid },
      { name: 'group', pids: [process.pid, gone] },
      { name: 'nobody', pid: gone },
    ]);
    busy(60);
    const [alone, group, nobody] = watch.stop();
    expect(alone.cpuSeconds).toBeGreaterThan(0);
    expect(group.cpuSeconds).toBeGreaterThan(0);
    expect(group.peakRssMb).toBeGreaterThan(0); // its largest process, not a sum with a missing one
    expect(Number.isNaN(nobody.cpuSeconds)).toBe(true);
  });
});

describe('storeProcesses', () => {
  it('finds the stores the services use (running here, as for every test)', () => {
    const names = storeProcesses().map(({ name }) => name);
    expect(names).toEqual(expect.arrayContaining(['postgresql (all processes)', 'redis', 'ferretdb', 'rabbitmq']));
  });
});
