import type { IRules } from 'graphql-shield';
import { allow, isAuthenticated, isOwnerOrStaff, isStaff } from '../../runtime/auth/rules';

// Entity fields carry their own rules: `_entities` (how the router fetches a User for an order or a
// review) bypasses the Query rules.
const ownProfile = isOwnerOrStaff('User', (user: { id: string }) => user.id);
const ownAddress = isOwnerOrStaff('Address', (address: { userId: string }) => address.userId);
const ownPreferences = isOwnerOrStaff('UserPreferences', (preferences: { userId: string }) => preferences.userId);

export const usersPermissions: IRules = {
  Query: {
    me: isAuthenticated,
    user: isOwnerOrStaff('Query.user', (_parent: unknown, args: { id: string }) => args.id),
    users: isStaff,
  },
  Mutation: {
    updateMyProfile: isAuthenticated,
    updateMyPreferences: isAuthenticated,
    addAddress: isAuthenticated,
    updateAddress: isAuthenticated,
    deleteAddress: isAuthenticated,
    setDefaultAddress: isAuthenticated,
  },
  // Public: reviews and the like show who wrote them.
  User: { '*': ownProfile, id: allow, displayName: allow },
  Address: { '*': ownAddress },
  UserPreferences: { '*': ownPreferences },
  // Reached only through the staff-only `users` listing.
  UserConnection: allow,
  UserEdge: allow,
  PageInfo: allow,
};
