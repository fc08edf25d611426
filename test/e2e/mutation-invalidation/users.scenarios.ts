import { expect } from 'vitest';
import type { Caller, MutationInvalidation, Shop } from './types';

const ADDRESSES = 'query { me { addresses { id recipient city isDefault } } }';
const ADDRESS = { recipient: 'Ana Rojas', line1: 'Calle Los Aromos 123', city: 'Santiago', postalCode: '8320000', country: 'CL' };

async function addAddress(shop: Shop, customer: Caller, recipient = ADDRESS.recipient): Promise<string> {
  const { addAddress } = await shop.run(customer.headers, 'mutation($input: AddAddressInput!) { addAddress(input: $input) { id } }', {
    input: { ...ADDRESS, recipient },
  });
  return addAddress.id;
}

const addressesOf = (data: any) => data.me.addresses as Array<{ id: string; recipient: string; city: string; isDefault: boolean }>;

/** A customer's own profile, addresses and preferences (private answers, kept per account). */
export const usersScenarios: MutationInvalidation[] = [
  {
    field: 'Mutation.addAddress',
    arrange: async (shop) => {
      const customer = await shop.customer();
      const recipient = shop.unique('Added Recipient');
      return {
        mutation: {
          as: customer.headers,
          query: 'mutation($input: AddAddressInput!) { addAddress(input: $input) { id } }',
          variables: { input: { ...ADDRESS, recipient } },
        },
        reads: [
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'HIT',
            query: ADDRESSES,
            shows: (data) => expect(addressesOf(data).map((address) => address.recipient)).toEqual([recipient]),
          },
        ],
      };
    },
  },
  {
    field: 'Mutation.updateAddress',
    arrange: async (shop) => {
      const customer = await shop.customer();
      const id = await addAddress(shop, customer);
      return {
        mutation: {
          as: customer.headers,
          query: 'mutation($id: ID!, $input: UpdateAddressInput!) { updateAddress(id: $id, input: $input) { id } }',
          variables: { id, input: { city: 'Valparaíso' } },
        },
        reads: [
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'HIT',
            query: ADDRESSES,
            shows: (data) => expect(addressesOf(data)).toMatchObject([{ id, city: 'Valparaíso' }]),
          },
        ],
      };
    },
  },
  {
    field: 'Mutation.deleteAddress',
    arrange: async (shop) => {
      const customer = await shop.customer();
      const kept = await addAddress(shop, customer, 'Kept Recipient');
      const id = await addAddress(shop, customer, 'Deleted Recipient');
      return {
        mutation: { as: customer.headers, query: 'mutation($id: ID!) { deleteAddress(id: $id) { id } }', variables: { id } },
        reads: [
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'HIT',
            query: ADDRESSES,
            shows: (data) => expect(addressesOf(data).map((address) => address.id)).toEqual([kept]),
          },
        ],
      };
    },
  },
  {
    field: 'Mutation.setDefaultAddress',
    arrange: async (shop) => {
      const customer = await shop.customer();
      await addAddress(shop, customer, 'First Recipient');
      const id = await addAddress(shop, customer, 'Second Recipient');
      return {
        mutation: { as: customer.headers, query: 'mutation($id: ID!) { setDefaultAddress(id: $id) { id } }', variables: { id } },
        reads: [
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'HIT',
            query: ADDRESSES,
            shows: (data) =>
              expect(
                addressesOf(data)
                  .filter((address) => address.isDefault)
                  .map((address) => address.id),
              ).toEqual([id]),
          },
        ],
      };
    },
  },
  {
    // The display name is public: the product page naming a review's author shows the new one too.
    field: 'Mutation.updateMyProfile',
    arrange: async (shop) => {
      const customer = await shop.customer();
      await shop.run(customer.headers, 'query { me { id } }'); // the profile exists before the review names it
      const productId = await shop.product(shop.unique('Profiled Peonies'));
      const { submitReview } = await shop.run(customer.headers, 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }', {
        input: { productId, rating: 4, title: 'Named', body: 'The author of this review renames themselves.' },
      });
      await shop.run(shop.staff, 'mutation($id: ID!) { approveReview(id: $id) { id } }', { id: submitReview.id });
      const displayName = shop.unique('Renamed Customer');
      const AUTHORS = 'query($id: ID!) { product(id: $id) { reviews(first: 5) { edges { node { author { displayName } } } } } }';
      const authorShown = (data: any) => expect(data.product.reviews.edges.map((edge: any) => edge.node.author.displayName)).toEqual([displayName]);
      const other = await shop.customer();
      return {
        mutation: {
          as: customer.headers,
          query: 'mutation($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) { id } }',
          variables: { input: { displayName, phone: '+56 9 1234 5678' } },
        },
        reads: [
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'HIT',
            query: 'query { me { displayName phone } }',
            shows: (data) => expect(data.me).toEqual({ displayName, phone: '+56 9 1234 5678' }),
          },
          { who: 'an anonymous visitor', as: {}, cache: 'HIT', query: AUTHORS, variables: { id: productId }, shows: authorShown },
          { who: 'another customer', as: other.headers, cache: 'HIT', query: AUTHORS, variables: { id: productId }, shows: authorShown },
        ],
      };
    },
  },
  {
    field: 'Mutation.updateMyPreferences',
    arrange: async (shop) => {
      const customer = await shop.customer();
      return {
        mutation: {
          as: customer.headers,
          query: 'mutation($input: UpdateMyPreferencesInput!) { updateMyPreferences(input: $input) { language } }',
          variables: { input: { favouriteFlowers: ['tulips'], newsletterOptIn: true } },
        },
        reads: [
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'HIT',
            query: 'query { me { preferences { newsletterOptIn favouriteFlowers } } }',
            shows: (data) => expect(data.me.preferences).toEqual({ newsletterOptIn: true, favouriteFlowers: ['tulips'] }),
          },
        ],
      };
    },
  },
];
