import { randomUUID } from 'node:crypto';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../scripts/supergraph/compose';
import { allSubgraphs } from '../../subgraphs';
import { startRouter } from '../../router/router';
import type { RunningService } from '../../runtime/http-service';
import { eventually, lastRead } from '../support/eventually';
import { expectData, graphql, unique } from '../support/graphql';
import { createShopProduct } from '../support/shop';
import { roomyRouterRateLimits } from '../support/router-limits';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testEnv } from '../support/test-env';
import { asAdmin, asCustomer, asStaff, testKeys } from '../support/tokens';
import { authScenarios } from './mutation-invalidation/auth.scenarios';
import { cartScenarios } from './mutation-invalidation/cart.scenarios';
import { catalogScenarios } from './mutation-invalidation/catalog.scenarios';
import { contactScenarios } from './mutation-invalidation/contact.scenarios';
import { ordersScenarios } from './mutation-invalidation/orders.scenarios';
import { reviewsScenarios } from './mutation-invalidation/reviews.scenarios';
import { isExemption, type Read, type Scenario, type Shop } from './mutation-invalidation/types';
import { usersScenarios } from './mutation-invalidation/users.scenarios';
import { wishlistScenarios } from './mutation-invalidation/wishlist.scenarios';

const entries = [
  ...authScenarios,
  ...catalogScenarios,
  ...usersScenarios,
  ...ordersScenarios,
  ...cartScenarios,
  ...wishlistScenarios,
  ...reviewsScenarios,
  ...contactScenarios,
];
const byField = new Map(entries.map((entry) => [entry.field, entry]));
const scenarios = entries.filter((entry): entry is Scenario => !isExemption(entry));

/** Every mutation clients can call, read from the supergraph as composed from the code right now. */
function mutationFields(): string[] {
  const mutation = buildSchema(composeSupergraph(allSubgraphs).apiSdl).getMutationType();
  return mutation ? Object.keys(mutation.getFields()).map((name) => `Mutation.${name}`) : [];
}

/** One answer to a read, with its response cache status (the `x-cache` header). */
async function ask(url: string, read: Read) {
  const response = await graphql(url, read.query, read.variables ?? {}, read.as);
  return { data: response.data, errors: response.errors, cache: response.headers.get('x-cache') };
}

/** A second router in front of the supergraph's subgraphs, sharing its Redis; once it is ready. */
async function startOtherRouter(supergraph: RunningSupergraph): Promise<RunningService> {
  const subgraphUrls = Object.fromEntries([...supergraph.subgraphs].map(([name, service]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, service.url]));
  const router = await startRouter({ ...testEnv, ...roomyRouterRateLimits, PORT: '0', AUTH_JWKS_URL: (await testKeys()).jwksUrl, ...subgraphUrls });
  await eventually(
    () =>
      fetch(router.url.replace(/\/graphql$/, '/readyz')).then(
        (response) => response.status === 200,
        () => false,
      ),
    30_000,
  );
  return router;
}

const described = (read: Read) => `${read.who} reading ${read.query} ${JSON.stringify(read.variables ?? {})}`;

/** Whether the answer shows the mutation's effect (`read.shows` passes). */
function showsEffect(read: Read, data: unknown): boolean {
  try {
    read.shows(data);
    return true;
  } catch {
    return false;
  }
}

/**
 * Issue 13: after a mutation's answer, the same caller's next read never shows the state before it. For every
 * mutation of the composed API there is a scenario (tables in ./mutation-invalidation/) or an exemption saying
 * why nothing a client reads through the cache could show it. A scenario reads what shows the mutation's effect
 * twice before it through each of two routers (the second answer from the response cache; or proven never
 * cached, or a staff read, which passes the cache), runs the mutation through one, then reads again at once
 * through both: the answer must show the effect. Effects made later by event consumers are read until they
 * show, within the time their announcement takes.
 */
describe('every mutation invalidates what its caller (and others) read through the response cache', () => {
  const mutations = mutationFields();
  let supergraph: RunningSupergraph;
  let otherRouter: RunningService;
  let shop: Shop;
  /** The router mutations go through, and another in front of the same subgraphs (read-your-writes through any router). */
  let routers: Array<{ name: string; url: string }>;

  beforeAll(async () => {
    supergraph = await startSupergraph(); // the response cache is on unless ROUTER_RESPONSE_CACHE=off
    const url = supergraph.routerUrl;
    otherRouter = await startOtherRouter(supergraph);
    routers = [
      { name: 'router the mutation went through', url },
      { name: 'other router', url: otherRouter.url },
    ];
    const run = (as: Record<string, string>, query: string, variables: Record<string, unknown> = {}) => expectData(url, query, variables, as);
    shop = {
      url,
      staff: await asStaff(),
      admin: await asAdmin(),
      customer: async () => {
        const accountId = randomUUID();
        return { accountId, headers: await asCustomer(accountId) };
      },
      accountHolder: async () => {
        const email = `${unique('inv-holder')}@example.com`.toLowerCase();
        const password = 'Invalidation proof 2026';
        const { registerAccount } = await run({}, 'mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id } }', {
          input: { email, password },
        });
        const { login } = await run({}, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: email, p: password });
        return { accountId: registerAccount.id, password, headers: { authorization: `Bearer ${login.accessToken}` } };
      },
      run,
      product: (name, stock = 100) => createShopProduct(url, name, stock),
      unique,
    };
  }, 120_000);
  afterAll(async () => {
    await otherRouter?.stop();
    await supergraph?.stop();
  });

  it('has an entry for every mutation of the supergraph, and none for mutations that are gone', () => {
    expect(mutations.length).toBeGreaterThan(20);
    expect(mutations.filter((field) => !byField.has(field))).toEqual([]);
    expect(entries.map((entry) => entry.field).filter((field) => !mutations.includes(field))).toEqual([]);
    expect(entries.length).toBe(byField.size); // one entry per mutation
  });

  it('exempts a mutation only with a reason', () => {
    for (const entry of entries.filter(isExemption)) expect(entry.exempt.length, entry.field).toBeGreaterThan(20);
  });

  it.each(scenarios.map((scenario) => scenario.field))('%s', async (field) => {
    const scenario = byField.get(field) as Scenario;
    const { mutation, reads } = await scenario.arrange(shop);
    expect(reads.length).toBeGreaterThan(0);
    // A scenario proves the cache: at least one of its reads is cached, unless it says why none is.
    expect(
      reads.some((read) => read.cache === 'HIT'),
      `${field}: ${scenario.uncachedBecause ?? 'no cached read'}`,
    ).toBe(scenario.uncachedBecause === undefined);

    // Cached by both routers (in Redis, and each in its own memory) before the mutation.
    for (const read of reads) {
      for (const router of routers) {
        expect((await ask(router.url, read)).errors, described(read)).toBeUndefined();
        // The first answer is written to the cache in the background: a hit may take another ask or two.
        const before =
          read.cache === 'HIT'
            ? await lastRead(
                () => ask(router.url, read),
                (answer) => answer.cache === 'HIT',
                10_000,
              )
            : await ask(router.url, read);
        expect(before.cache, `the second answer to ${described(read)} from the ${router.name}`).toBe(read.cache);
        expect(showsEffect(read, before.data), `before the mutation, ${described(read)} already shows its effect: ${JSON.stringify(before.data)}`).toBe(false);
      }
    }

    await shop.run(mutation.as, mutation.query, mutation.variables);

    // Right after the answer, in the order given, from the router that did not serve the mutation first; those
    // made later by events after them.
    for (const read of [...reads.filter((read) => !read.later), ...reads.filter((read) => read.later)]) {
      for (const router of [...routers].reverse()) {
        const after = read.later
          ? await lastRead(
              () => ask(router.url, read),
              (answer) => showsEffect(read, answer.data),
              read.later.withinMs,
            )
          : await ask(router.url, read);
        expect(after.errors, described(read)).toBeUndefined();
        const message = `after ${field}, ${described(read)} from the ${router.name} shows the state before it (x-cache ${after.cache}): ${JSON.stringify(after.data)}`;
        expect(showsEffect(read, after.data), message).toBe(true);
      }
    }
  });
});
