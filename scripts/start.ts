import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SERVICE_NODE_FLAGS, subgraphNodeFlags } from '../runtime/service-node-flags';
import { SERVICE_PORTS } from '../runtime/service-ports';
import { allSubgraphs } from '../subgraphs';

// `npm start`: every subgraph and the router as child processes, stopped together.
const dist = join(__dirname, '..');
const children: ChildProcess[] = [];
let stopping = false;

function launch(name: string, script: string, env: NodeJS.ProcessEnv, nodeFlags: readonly string[]): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${name} exited (${signal ?? code}); stopping everything`);
    stop(1);
  });
  children.push(child);
  return child;
}

async function waitForHealth(name: string, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) return;
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not become healthy at ${url} within ${timeoutMs / 1000} s`);
}

function stop(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  const exits = children.filter((child) => child.exitCode === null).map((child) => new Promise((resolve) => child.once('exit', resolve)));
  void Promise.all(exits).then(() => process.exit(code));
  setTimeout(() => process.exit(code), 15_000).unref();
}

async function main(): Promise<void> {
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  const host = process.env.HOST ?? '127.0.0.1';
  // The router signs what it vouches for with this secret; one made up per run is enough for development (unless
  // one is given, in the variable or a file).
  if (!process.env.INTERNAL_SECRET && !process.env.INTERNAL_SECRET_FILE) process.env.INTERNAL_SECRET = randomBytes(32).toString('base64url');
  // Each subgraph on <NAME>_PORT (default: the ports table), and every peer address made from those ports.
  const portOf = (subgraph: { name: string; defaultPort: number }) => process.env[`${subgraph.name.toUpperCase()}_PORT`] ?? String(subgraph.defaultPort);
  const urls = allSubgraphs.map((subgraph) => ({ name: subgraph.name, url: `http://${host}:${portOf(subgraph)}` }));
  for (const { name, url } of urls) process.env[`${name.toUpperCase()}_URL`] ??= `${url}/graphql`;
  process.env.AUTH_JWKS_URL ??= `${urls.find(({ name }) => name === 'auth')!.url}/.well-known/jwks.json`;
  for (const subgraph of allSubgraphs) {
    launch(subgraph.name, join(dist, 'subgraphs', subgraph.name, 'main.js'), { PORT: portOf(subgraph), HOST: host }, subgraphNodeFlags(subgraph.name));
  }
  await Promise.all(urls.map(({ name, url }) => waitForHealth(name, `${url}/healthz`)));
  const routerPort = process.env.ROUTER_PORT ?? String(SERVICE_PORTS.router);
  const overrides = Object.fromEntries(urls.map(({ name, url }) => [`SUBGRAPH_${name.toUpperCase()}_URL`, `${url}/graphql`]));
  launch('router', join(dist, 'router', 'main.js'), { PORT: routerPort, HOST: host, ...overrides }, SERVICE_NODE_FLAGS.router);
  await waitForHealth('router', `http://${host}:${routerPort}/readyz`);
  console.log('\nFlores Victoria is up:');
  console.log(`  router     http://${host}:${routerPort}/graphql  (Apollo Sandbox in a browser)`);
  for (const { name, url } of urls) console.log(`  ${name.padEnd(10)} ${url}/graphql`);
  console.log(`  metrics    /metrics on each service's METRICS_PORT (the router 9000, the subgraphs 9001–9008 unless set)`);
  console.log('Ctrl-C stops everything.\n');
}

main().catch((error: Error) => {
  console.error(error.message);
  stop(1);
});
