// The deployment checks' tools, as scripts/tools.sh builds them (Helm, Docker Compose, deploy/k8s-validate). Tests
// never build them (minutes): .ci/run does, so in CI a missing tool fails the test; elsewhere the test is skipped
// with the command that builds it.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export type DeployTool = 'helm' | 'compose' | 'k8s-validate';

const ROOT = join(__dirname, '..', '..');

/** The path of each built tool; a tool not built yet is absent. */
export function deployTools(...names: DeployTool[]): Partial<Record<DeployTool, string>> {
  const found: Partial<Record<DeployTool, string>> = {};
  for (const name of names) {
    const result = spawnSync('bash', [join(ROOT, 'scripts', 'tools.sh'), '--cached', name], { encoding: 'utf8' });
    if (result.status === 0 && result.stdout.trim()) found[name] = result.stdout.trim();
  }
  return found;
}

/** Why a test of these tools cannot run here (undefined: it can). */
export function missingTools(found: Partial<Record<DeployTool, string>>, names: DeployTool[]): string | undefined {
  const missing = names.filter((name) => !found[name]);
  return missing.length ? `${missing.join(', ')} not built here: run scripts/tools.sh (Go builds them once, a few minutes)` : undefined;
}

/** Runs a tool; stdout, stderr and the exit status. */
export function run(tool: string, args: string[], options: { input?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const result = spawnSync(tool, args, {
    encoding: 'utf8',
    input: options.input,
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}
