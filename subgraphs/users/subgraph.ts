import { PrismaClient } from '../../prisma/users/client/client';
import { storeEnv } from '../../runtime/config';
import { byKeyLoader, groupedLoader } from '../../runtime/loaders';
import { openPrismaStores } from '../../runtime/stores/prisma';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { UsersContext, UsersLoaders, UsersStores } from './context';
import { resolveUserReference, UserResolver } from './resolvers/user.resolver';
import { UserStore } from './store/user.store';

export const usersSubgraph = defineSubgraph({
  name: 'users',
  defaultPort: 3003,
  env: { DATABASE_URL: storeEnv.DATABASE_URL },
  schema: () => buildFederatedSchema<UsersContext>({ resolvers: [UserResolver], references: { User: resolveUserReference } }),
  openStores: openPrismaStores(PrismaClient, 'users', (prisma): UsersStores => ({ users: new UserStore(prisma) })),
  loaders: (stores: UsersStores): UsersLoaders => ({
    userById: byKeyLoader((ids) => stores.users.findByIds(ids), (user) => user.id),
    addressesByUserId: groupedLoader((userIds) => stores.users.addressesOf(userIds), (address) => address.userId),
  }),
});
