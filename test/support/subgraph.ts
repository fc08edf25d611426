import type { z } from 'zod';
import type { SubgraphDefinition } from '../../runtime/subgraph/definition';
import { startSubgraph, type StartedSubgraph } from '../../runtime/subgraph/start';
import { testEnv } from './test-env';
import { testKeys } from './tokens';

/** Starts a subgraph on a free port against the test stores, accepting tokens signed by the test keys. */
export async function startTestSubgraph<TEnv extends z.ZodRawShape, TProviders, TLoaders>(
  definition: SubgraphDefinition<TEnv, TProviders, TLoaders>,
  env: Record<string, string> = {},
): Promise<StartedSubgraph<TProviders>> {
  const keys = await testKeys();
  return startSubgraph(definition, { ...testEnv, PORT: '0', AUTH_JWKS_URL: keys.jwksUrl, AUTH_SIGNING_KEYS: keys.signingKeys, ...env });
}

/** Where the orders subgraph finds the subgraphs checkout reads from, among those already started. */
export function ordersDependencies(started: ReadonlyMap<string, { url: string }>): Record<string, string> {
  return { CATALOG_URL: started.get('catalog')!.url, CART_URL: started.get('cart')!.url, USERS_URL: started.get('users')!.url };
}

/** Where the contact subgraph finds the auth subgraph (who is staff, when a ticket is assigned). */
export function contactDependencies(started: ReadonlyMap<string, { url: string }>): Record<string, string> {
  return { AUTH_URL: started.get('auth')!.url };
}
