import { randomUUID } from 'node:crypto';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeSupergraph } from '../../scripts/supergraph/compose';
import { allSubgraphs } from '../../subgraphs';
import { graphql } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { authAs } from '../support/tokens';
import { authExpectations } from './rbac/auth.expectations';
import { cartExpectations } from './rbac/cart.expectations';
import { catalogExpectations } from './rbac/catalog.expectations';
import { contactExpectations } from './rbac/contact.expectations';
import { ordersExpectations } from './rbac/orders.expectations';
import { reviewsExpectations } from './rbac/reviews.expectations';
import { IDENTITIES, type Call, type Caller, type FieldExpectation, type Fixture, type Outcome } from './rbac/types';
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
const DOMAIN_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'OUT_OF_STOCK', 'INVALID_TRANSITION', 'TOO_MANY_ATTEMPTS', 'NOT_CONFIGURED']);

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
    call = (identity, query, variables = {}) =>
      graphql(supergraph.routerUrl, query, variables, identity === 'anonymous' ? {} : fixture[identity].headers);
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
    const observed: Record<string, string> = {};
    const expected: Record<string, Outcome> = {};
    for (const identity of IDENTITIES) {
      const { query, variables } = entry.operation(fixture);
      observed[identity] = outcomeOf((await call(identity, query, variables)).errors);
      expected[identity] = entry[identity];
    }
    expect(observed).toEqual(expected);
  });
});
