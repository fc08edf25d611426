import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS, subgraphNodeFlags } from '../../runtime/service-node-flags';
import { allSubgraphs } from '../../subgraphs';

const ROOT = join(__dirname, '..', '..');

/** What the image's entry point runs for `args`, with a `node` on the PATH that prints its arguments instead. */
function entrypointRuns(...args: string[]): string[] {
  const bin = mkdtempSync(join(tmpdir(), 'fake-node-'));
  writeFileSync(join(bin, 'node'), '#!/bin/sh\nprintf "%s\\n" "$@"\n');
  chmodSync(join(bin, 'node'), 0o755);
  const printed = execFileSync('sh', [join(ROOT, 'deploy', 'docker', 'entrypoint.sh'), ...args], {
    cwd: ROOT,
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
  });
  return printed.toString().trim().split('\n');
}

const megabytes = (quantity: string) => Number(/^(\d+)Mi$/.exec(quantity)?.[1]);
const oldSpace = (flags: readonly string[]) => Number(/--max-old-space-size=(\d+)/.exec(flags.join(' '))?.[1]);

describe('the V8 heap settings every service process starts with', () => {
  it("the image's entry point starts the router and every subgraph with them", () => {
    expect(entrypointRuns('router')).toEqual([...SERVICE_NODE_FLAGS.router, 'dist/router/main.js']);
    for (const { name } of allSubgraphs) expect(entrypointRuns(name)).toEqual([...subgraphNodeFlags(name), `dist/subgraphs/${name}/main.js`]);
    expect(entrypointRuns('migrate')).toEqual(['dist/scripts/migrate.js', 'apply']);
  });

  it("leave room inside the chart's memory limits for what is not the old generation (code, buffers, the young one)", () => {
    const values = parse(readFileSync(join(ROOT, 'helm', 'flores-victoria', 'values.yaml'), 'utf8')) as Record<string, any>;
    expect(megabytes(values.router.resources.limits.memory)).toBeGreaterThanOrEqual(oldSpace(SERVICE_NODE_FLAGS.router) + 96);
    expect(megabytes(values.subgraphDefaults.resources.limits.memory)).toBeGreaterThanOrEqual(oldSpace(SERVICE_NODE_FLAGS.subgraph) + 96);
    expect(megabytes(values.subgraphDefaults.resources.limits.memory)).toBeGreaterThanOrEqual(oldSpace(SERVICE_NODE_FLAGS.busySubgraph) + 96);
  });
});
