import { dataOf } from './catalog.expectations';
import type { FieldExpectation, SubgraphExpectations } from './types';

const ADD_ADDRESS = 'mutation($input: AddAddressInput!) { addAddress(input: $input) { id } }';
const address = (city: string) => ({ recipient: 'RBAC Recipient', line1: 'Av. Providencia 1234', city, postalCode: '7500000', country: 'CL' });

/**
 * "My" mutations need only a signed-in caller: they act on the caller's own profile and addresses, so an
 * address id of someone else's is NOT_FOUND (counted as 'allowed' here: no access-control refusal).
 * The ownership itself is tested in subgraphs/users/addresses.spec.ts.
 */
const SIGNED_IN = { anonymous: 'UNAUTHENTICATED', customer: 'allowed', otherCustomer: 'allowed', staff: 'allowed', admin: 'allowed' } as const;

const field = (name: string, operation: FieldExpectation['operation'], outcomes: Omit<FieldExpectation, 'field' | 'operation'>): FieldExpectation => ({
  field: name,
  operation,
  ...outcomes,
});

/** Profiles are their owner's and staff's; the listing is staff's; everyone signed in manages their own. */
export const usersExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    // `me` creates the customer's profile (as it does when the registration event is late).
    dataOf(await call('customer', 'query { me { id } }'), 'me');
    const kept = dataOf(await call('customer', ADD_ADDRESS, { input: address('Santiago') }), 'addAddress').addAddress;
    const spare = dataOf(await call('customer', ADD_ADDRESS, { input: address('Valparaíso') }), 'addAddress').addAddress;
    return { usersAddressId: kept.id, usersSpareAddressId: spare.id };
  },
  fields: [
    field('Query.me', () => ({ query: 'query { me { id email displayName addresses { id } preferences { language } } }' }), SIGNED_IN),
    field(
      'Query.user',
      ({ customer }) => ({
        query: 'query($id: ID!) { user(id: $id) { id displayName email phone addresses { city } } }',
        variables: { id: customer.accountId },
      }),
      { anonymous: 'UNAUTHENTICATED', customer: 'allowed', otherCustomer: 'FORBIDDEN', staff: 'allowed', admin: 'allowed' },
    ),
    field('Query.users', () => ({ query: 'query { users(first: 5) { totalCount edges { cursor node { id email } } pageInfo { hasNextPage endCursor } } }' }), {
      anonymous: 'UNAUTHENTICATED',
      customer: 'FORBIDDEN',
      otherCustomer: 'FORBIDDEN',
      staff: 'allowed',
      admin: 'allowed',
    }),
    field(
      'Mutation.updateMyProfile',
      () => ({
        query: 'mutation($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) { id displayName } }',
        variables: { input: { displayName: 'RBAC Name' } },
      }),
      SIGNED_IN,
    ),
    field(
      'Mutation.updateMyPreferences',
      () => ({
        query: 'mutation($input: UpdateMyPreferencesInput!) { updateMyPreferences(input: $input) { language } }',
        variables: { input: { language: 'en', favouriteOccasions: ['BIRTHDAY'] } },
      }),
      SIGNED_IN,
    ),
    field('Mutation.addAddress', () => ({ query: ADD_ADDRESS, variables: { input: address('Concepción') } }), SIGNED_IN),
    field(
      'Mutation.updateAddress',
      ({ ids }) => ({
        query: 'mutation($id: ID!, $input: UpdateAddressInput!) { updateAddress(id: $id, input: $input) { id } }',
        variables: { id: ids.usersAddressId, input: { city: 'Talca' } },
      }),
      SIGNED_IN,
    ),
    field(
      'Mutation.setDefaultAddress',
      ({ ids }) => ({ query: 'mutation($id: ID!) { setDefaultAddress(id: $id) { id isDefault } }', variables: { id: ids.usersAddressId } }),
      SIGNED_IN,
    ),
    field(
      'Mutation.deleteAddress',
      ({ ids }) => ({ query: 'mutation($id: ID!) { deleteAddress(id: $id) { id } }', variables: { id: ids.usersSpareAddressId } }),
      SIGNED_IN,
    ),
  ],
};
