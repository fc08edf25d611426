import { expect } from 'vitest';
import type { MutationInvalidation, Read, Shop } from './types';

const SESSIONS_ONLY = 'changes only sessions and credentials, which no read shows (Account has neither), cached or not';
const ROLES_UNCACHED = 'accounts are never cached (Account has no cache hint), and admins, who change roles, read past the cache';
const ACCOUNT = 'query($id: ID!) { account(id: $id) { id roles } }';

/** The admin reading the account's roles after the change. */
const rolesRead = (shop: Shop, accountId: string, shows: (roles: string[]) => void): Read => ({
  who: 'the admin (the caller)',
  as: shop.admin,
  cache: 'BYPASS',
  query: ACCOUNT,
  variables: { id: accountId },
  shows: (data) => shows(data.account.roles),
});

/**
 * Accounts, sessions and roles. Nothing of them is cached; what an account's deletion changes elsewhere (its
 * profile, anonymised by the users subgraph) is.
 */
export const authScenarios: MutationInvalidation[] = [
  {
    field: 'Mutation.registerAccount',
    exempt: 'nothing of the new account existed to be read (cached) before; its profile is made from the account event and announced (users.profile.changed)',
  },
  { field: 'Mutation.login', exempt: SESSIONS_ONLY },
  { field: 'Mutation.refreshSession', exempt: SESSIONS_ONLY },
  {
    field: 'Mutation.signInWithGoogle',
    exempt: `${SESSIONS_ONLY}; an account it creates is as registerAccount's (and the supergraph under test has no Google client)`,
  },
  { field: 'Mutation.logout', exempt: SESSIONS_ONLY },
  { field: 'Mutation.logoutEverywhere', exempt: SESSIONS_ONLY },
  { field: 'Mutation.changePassword', exempt: SESSIONS_ONLY },
  { field: 'Mutation.requestPasswordReset', exempt: `${SESSIONS_ONLY} (it only sends a reset link)` },
  { field: 'Mutation.resetPassword', exempt: `${SESSIONS_ONLY} (and its token only ever reaches the account's mailbox)` },
  {
    // A deleted account's profile is anonymised by the users subgraph from the account event: the product pages
    // naming the account's reviews then show "Deleted user".
    field: 'Mutation.deleteAccount',
    arrange: async (shop) => {
      const holder = await shop.accountHolder();
      await shop.run(holder.headers, 'query { me { id } }');
      const productId = await shop.product(shop.unique('Orphaned Orchids'));
      const { submitReview } = await shop.run(holder.headers, 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }', {
        input: { productId, rating: 5, title: 'Before I left', body: 'Lovely flowers; I am closing my account though.' },
      });
      await shop.run(shop.staff, 'mutation($id: ID!) { approveReview(id: $id) { id } }', { id: submitReview.id });
      const AUTHORS = 'query($id: ID!) { product(id: $id) { reviews(first: 5) { edges { node { author { displayName } } } } } }';
      const anonymised = (data: any) => expect(data.product.reviews.edges.map((edge: any) => edge.node.author.displayName)).toEqual(['Deleted user']);
      const later = { because: 'the users subgraph anonymises the profile from auth.account.deleted, then announces users.profile.changed', withinMs: 15_000 };
      const reader = await shop.customer();
      return {
        mutation: {
          as: holder.headers,
          query: 'mutation($password: String!) { deleteAccount(password: $password) { accountId } }',
          variables: { password: holder.password },
        },
        reads: [
          { who: 'an anonymous visitor', as: {}, cache: 'HIT', query: AUTHORS, variables: { id: productId }, shows: anonymised, later },
          { who: 'another customer', as: reader.headers, cache: 'HIT', query: AUTHORS, variables: { id: productId }, shows: anonymised, later },
        ],
      };
    },
  },
  {
    field: 'Mutation.grantRole',
    uncachedBecause: ROLES_UNCACHED,
    arrange: async (shop) => {
      const holder = await shop.accountHolder();
      return {
        mutation: {
          as: shop.admin,
          query: 'mutation($id: ID!) { grantRole(accountId: $id, role: STAFF) { account { id } } }',
          variables: { id: holder.accountId },
        },
        reads: [rolesRead(shop, holder.accountId, (roles) => expect(roles).toContain('STAFF'))],
      };
    },
  },
  {
    field: 'Mutation.revokeRole',
    uncachedBecause: ROLES_UNCACHED,
    arrange: async (shop) => {
      const holder = await shop.accountHolder();
      await shop.run(shop.admin, 'mutation($id: ID!) { grantRole(accountId: $id, role: STAFF) { account { id } } }', { id: holder.accountId });
      return {
        mutation: {
          as: shop.admin,
          query: 'mutation($id: ID!) { revokeRole(accountId: $id, role: STAFF) { account { id } } }',
          variables: { id: holder.accountId },
        },
        reads: [rolesRead(shop, holder.accountId, (roles) => expect(roles).not.toContain('STAFF'))],
      };
    },
  },
];
