import { join } from 'node:path';
import { allSubgraphs } from '../../subgraphs';
import { testEnv } from '../../test/support/test-env';
import { subgraphNodeFlags } from '../../runtime/service-node-flags';
import { answersGet, freePort, startServiceProcess, type ServiceProcess } from './processes';

/** The built service scripts (`npm run bench` builds first). */
export const distRoot = join(__dirname, '..', '..');

export interface SubgraphFleet {
  /** Subgraph name → its /graphql URL. */
  urls: Map<string, string>;
  processes: ServiceProcess[];
  /** SUBGRAPH_<NAME>_URL for every subgraph: how the router and the stock gateway find them. */
  routingEnv: Record<string, string>;
  stop: () => Promise<void>;
}

/**
 * The eight subgraphs as `node dist/subgraphs/<name>/main.js`, on ports of their own, against the tests' stores
 * (never a developer's data; MongoDB data in `mongoUrl`, a database of the benchmark's own), accepting tokens
 * signed by the benchmark's keys. Shared by every target, so each target is measured over the same subgraphs.
 */
export async function startSubgraphFleet(
  keys: { jwksUrl: string; signingKeys: string },
  mongoUrl: string,
  /** Settings of one subgraph's own, by name (e.g. a shorter reservation timeout for the busy day). */
  ownEnv: Record<string, Record<string, string>> = {},
): Promise<SubgraphFleet> {
  const ports = new Map<string, number>();
  for (const { name } of allSubgraphs) ports.set(name, await freePort());
  const urls = new Map([...ports].map(([name, port]) => [name, `http://127.0.0.1:${port}/graphql`]));
  const shared = {
    ...testEnv,
    MONGODB_URL: mongoUrl,
    // As deployed: no stack traces in error answers, no introspection.
    NODE_ENV: 'production',
    // Request logs would measure pino and the pipe, the same for every target; warnings still show.
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    AUTH_JWKS_URL: keys.jwksUrl,
    AUTH_SIGNING_KEYS: keys.signingKeys,
    CATALOG_URL: urls.get('catalog')!,
    CART_URL: urls.get('cart')!,
    USERS_URL: urls.get('users')!,
    AUTH_URL: urls.get('auth')!,
  };
  const started = await Promise.allSettled(
    allSubgraphs.map(({ name }) =>
      startServiceProcess(
        name,
        join(distRoot, 'subgraphs', name, 'main.js'),
        { ...shared, ...ownEnv[name], PORT: String(ports.get(name)) },
        answersGet(`http://127.0.0.1:${ports.get(name)}/readyz`),
        subgraphNodeFlags(name),
      ),
    ),
  );
  const processes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => void (await Promise.all(processes.map((service) => service.stop())));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const routingEnv = Object.fromEntries([...urls].map(([name, url]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, url]));
  return { urls, processes, routingEnv, stop };
}
