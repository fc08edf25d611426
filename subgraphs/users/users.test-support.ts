import { PrismaClient } from '../../prisma/users/client/client';
import { connectPrisma, type PrismaStore } from '../../runtime/stores/prisma';

// Shared by the users subgraph's spec files (kept free of test/ imports, so the build does not pull them in).

export const ME = `query { me { id email displayName phone createdAt addresses { id } preferences { language newsletterOptIn favouriteFlowers favouriteOccasions } } }`;
export const USER = `query($id: ID!) { user(id: $id) { id email displayName phone addresses { id city isDefault } } }`;
export const UPDATE_PROFILE = `mutation($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) { id displayName phone } }`;
export const UPDATE_PREFERENCES = `mutation($input: UpdateMyPreferencesInput!) {
  updateMyPreferences(input: $input) { language newsletterOptIn favouriteFlowers favouriteOccasions } }`;
export const ADD_ADDRESS = `mutation($input: AddAddressInput!) { addAddress(input: $input) { id label city country phone instructions isDefault } }`;
export const UPDATE_ADDRESS = `mutation($id: ID!, $input: UpdateAddressInput!) { updateAddress(id: $id, input: $input) { id label recipient city country phone instructions isDefault } }`;
export const DELETE_ADDRESS = `mutation($id: ID!) { deleteAddress(id: $id) { id addresses { id isDefault } } }`;
export const SET_DEFAULT = `mutation($id: ID!) { setDefaultAddress(id: $id) { id isDefault } }`;
export const MY_ADDRESSES = `query { me { addresses { id city isDefault } } }`;
export const USERS = `query($first: Int, $after: String, $search: String) {
  users(first: $first, after: $after, search: $search) { totalCount edges { cursor node { id email displayName createdAt } } pageInfo { hasNextPage endCursor } } }`;

export const address = (city: string, extra: Record<string, unknown> = {}) => ({
  recipient: 'Ana Rojas',
  line1: 'Calle Los Aromos 123',
  city,
  postalCode: '8320000',
  country: 'CL',
  ...extra,
});

/** A Prisma client on the `users` schema, for arranging and checking rows directly. */
export function openUsersDatabase(databaseUrl: string): Promise<PrismaStore<PrismaClient>> {
  return connectPrisma(PrismaClient, databaseUrl, 'users');
}
