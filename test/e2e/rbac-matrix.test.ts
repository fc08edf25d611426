import { randomUUID } from 'node:crypto';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../scripts/supergraph/compose';
import { allSubgraphs } from '../../subgraphs';
import { graphql } from '../support/graphql';
import { subscribe, subscriptionClient } from '../support/subscriptions';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { authAs } from '../support/tokens';
import { authExpectations } from './rbac/auth.expectations';
import { cartExpectations } from './rbac/cart.expectations';
import { catalogExpectations } from './rbac/catalog.expectations';
import { contactExpectations } from './rbac/contact.expectations';
import { ordersExpectations } from './rbac/orders.expectations';
import { reviewsExpectations } from './rbac/reviews.expectations';
import { IDENTITIES, type Call, type Caller, type FieldExpectation, type Fixture } from './rbac/types';
import { usersExpectations } from './rbac/users.expectations';
import { wishlistExpectations } from './rbac/wishlist.expectations';

const tables = [
  authExpectations,
  catalogExpectations,
  usersExpectations,
  ordersExpectations,
  cartExpectations,
  wishlistExpectations,
  reviewsExpectations,
  contactExpectations,
];
const expectations = new Map<string, FieldExpectation>(tables.flatMap((table) => table.fields).map((entry) => [entry.field, entry]));

/** Every root field clients can call, read from the supergraph as composed from the code right now. */
function rootFields(): string[] {
  const api = buildSchema(composeSupergraph(allSubgraphs).apiSdl);
  return [api.getQueryType(), api.getMutationType(), api.getSubscriptionType()].flatMap((type) =>
    type ? Object.keys(type.getFields()).map((name) => `${type.name}.${name}`) : [],
  );
}

// Errors a served call may legitimately end in; anything else (a failed fetch, an internal error, an
// invalid operation) is reported as itself, so an outage can never pass for "allowed".
const DOMAIN_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'OUT_OF_STOCK',
  'PRODUCT_UNAVAILABLE',
  'EMPTY_CART',
  'INVALID_TRANSITION',
  'TOO_MANY_ATTEMPTS',
  'NOT_CONFIGURED',
]);

function outcomeOf(errors: Array<{ message?: string; extensions?: { code?: string } }> | undefined): string {
  const codes = (errors ?? []).map((error) => error.extensions?.code);
  if (codes.includes('UNAUTHENTICATED')) return 'UNAUTHENTICATED';
  if (codes.includes('FORBIDDEN')) return 'FORBIDDEN';
  const unexpected = (errors ?? []).find((error) => !DOMAIN_CODES.has(error.extensions?.code ?? ''));
  return unexpected ? `unexpected ${unexpected.extensions?.code}: ${unexpected.message}` : 'allowed';
}

describe('access to every root field, for every kind of caller', () => {
  const fields = rootFields();
  let supergraph: RunningSupergraph;
  let fixture: Fixture;
  let call: Call;

  beforeAll(async () => {
    supergraph = await startSupergraph();
    const caller = async (roles: Parameters<typeof authAs>[0]): Promise<Caller> => {
      const accountId = randomUUID();
      return { accountId, headers: await authAs(roles, accountId) };
    };
    fixture = {
      customer: await caller(['CUSTOMER']),
      otherCustomer: await caller(['CUSTOMER']),
      staff: await caller(['STAFF']),
      admin: await caller(['ADMIN']),
      ids: {},
    };
    call = (identity, query, variables = {}) => graphql(supergraph.routerUrl, query, variables, identity === 'anonymous' ? {} : fixture[identity].headers);
    for (const table of tables) Object.assign(fixture.ids, await table.setup?.({ call, fixture }));
  }, 120_000);
  afterAll(() => supergraph?.stop());

  it('has an expectation for every root field of the supergraph, and none for fields that are gone', () => {
    expect(fields.length).toBeGreaterThan(20);
    expect(fields.filter((field) => !expectations.has(field))).toEqual([]);
    expect([...expectations.keys()].filter((field) => !fields.includes(field))).toEqual([]);
  });

  it.each(fields.filter((field) => expectations.has(field)))('%s', async (field) => {
    const entry = expectations.get(field)!;
    const expected = Object.fromEntries(IDENTITIES.map((identity) => [identity, entry[identity]]));
    if (entry.transport === 'ws') {
      expect(await subscriptionOutcomes(entry)).toEqual(expected);
      return;
    }
    const observed: Record<string, string> = {};
    for (const identity of IDENTITIES) {
      const { query, variables } = entry.operation(fixture);
      observed[identity] = outcomeOf((await call(identity, query, variables)).errors);
    }
    expect(observed).toEqual(expected);
  });

  /**
   * A subscription is "allowed" when its subscriber receives the event the entry's trigger makes; refused
   * when it ends with UNAUTHENTICATED or FORBIDDEN. All five subscribe at once, then one event is made.
   */
  async function subscriptionOutcomes(entry: FieldExpectation): Promise<Record<string, string>> {
    const { query, variables } = entry.operation(fixture);
    const clients = IDENTITIES.map((identity) =>
      subscriptionClient(supergraph.routerUrl, identity === 'anonymous' ? undefined : fixture[identity].headers.authorization),
    );
    try {
      const subscriptions = clients.map((client) => subscribe(client, query, variables));
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // refusals at subscribe time arrive; the others are registered
      await entry.trigger!(fixture, call);
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline && subscriptions.some((received) => received.error === undefined && received.results.length === 0)) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return Object.fromEntries(
        IDENTITIES.map((identity, index) => {
          const received = subscriptions[index];
          if (received.error !== undefined)
            return [identity, outcomeOf(Array.isArray(received.error) ? received.error : [{ message: String(received.error) }])];
          if (received.results.length === 0) return [identity, 'no event received'];
          return [identity, outcomeOf(received.results[0].errors)];
        }),
      );
    } finally {
      await Promise.all(clients.map(async (client) => client.dispose()));
    }
  }
});
