import type { RunningService } from '../../runtime/http-service';
import { startRouter } from '../../router/router';
import { allSubgraphs } from '../../subgraphs';
import { contactDependencies, ordersDependencies, startTestSubgraph } from './subgraph';
import { roomyRouterRateLimits } from './router-limits';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { testEnv } from './test-env';
import { testKeys } from './tokens';

export interface RunningSupergraph {
  routerUrl: string;
  router: RunningService;
  subgraphs: Map<string, RunningService>;
  /** With `behindProxies`, the relay in front of each subgraph: `down()` is that subgraph down for everyone calling it. */
  proxies: Map<string, TcpProxy>;
  stop: () => Promise<void>;
}

export interface SupergraphOptions {
  /** Puts a TCP relay in front of every subgraph, used by the router and by the subgraphs that call it directly. */
  behindProxies?: boolean;
}

/**
 * Where a subgraph finds the subgraphs it calls directly (they start in the order of allSubgraphs), and
 * per-address limits roomy enough for many test files: through the router every test comes from 127.0.0.1
 * (the limits themselves are tested in the subgraphs' own specs).
 */
function serviceEnv(name: string, started: ReadonlyMap<string, { url: string }>): Record<string, string> {
  const urls: Record<string, string> = {};
  if (name === 'contact') Object.assign(urls, { CONTACT_MAX_MESSAGES_PER_ADDRESS: '10000' }, contactDependencies(started));
  if (name === 'auth') urls.AUTH_LOGIN_MAX_ADDRESS_FAILURES = '10000';
  if (name === 'cart') urls.CATALOG_URL = started.get('catalog')!.url;
  if (name === 'reviews') urls.CATALOG_URL = started.get('catalog')!.url;
  if (name === 'wishlist' && started.has('cart')) urls.CART_URL = started.get('cart')!.url;
  if (name === 'orders') Object.assign(urls, ordersDependencies(started));
  return urls;
}

/**
 * Every subgraph on a free port against the test stores, and the router in front of them; `subgraphEnv` adds
 * settings per subgraph (e.g. NODE_ENV=production for all, a store behind a proxy for one).
 */
export async function startSupergraph(
  routerEnv: Record<string, string> = {},
  subgraphEnv: (name: string) => Record<string, string> = () => ({}),
  options: SupergraphOptions = {},
): Promise<RunningSupergraph> {
  const subgraphs = new Map<string, RunningService>();
  const proxies = new Map<string, TcpProxy>();
  // Where callers reach each subgraph: itself, or its relay.
  const reachable = new Map<string, { url: string }>();
  const stopAll = async () => {
    await Promise.all([...proxies.values()].map((proxy) => proxy.down()));
    await Promise.all([...subgraphs.values()].map((service) => service.stop()));
  };
  try {
    for (const definition of allSubgraphs) {
      const service = await startTestSubgraph(definition as never, { ...serviceEnv(definition.name, reachable), ...subgraphEnv(definition.name) });
      subgraphs.set(definition.name, service);
      if (!options.behindProxies) {
        reachable.set(definition.name, service);
        continue;
      }
      const proxy = await startTcpProxy(service.url);
      proxies.set(definition.name, proxy);
      reachable.set(definition.name, { url: proxy.url });
    }
    const overrides = Object.fromEntries([...reachable].map(([name, service]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, service.url]));
    const { jwksUrl } = await testKeys();
    const router = await startRouter({ ...testEnv, ...roomyRouterRateLimits, PORT: '0', AUTH_JWKS_URL: jwksUrl, ...overrides, ...routerEnv });
    await untilReady(router.url);
    return {
      routerUrl: router.url,
      router,
      subgraphs,
      proxies,
      stop: async () => {
        await router.stop();
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A router answers at once but is ready (supergraph loaded, query plans warmed) a moment later. */
export async function untilReady(routerUrl: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    (await fetch(routerUrl.replace(/\/graphql$/, '/readyz')).then(
      (response) => response.status,
      () => 0,
    )) !== 200
  ) {
    if (Date.now() > deadline) throw new Error(`the router at ${routerUrl} was not ready within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
