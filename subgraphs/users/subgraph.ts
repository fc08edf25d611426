import { PrismaClient } from '../../prisma/users/client/client';
import { storeEnv } from '../../runtime/config';
import { byKeyLoader, groupedLoader } from '../../runtime/loaders';
import { connectPrisma } from '../../runtime/stores/prisma';
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
  openStores: async (config) => {
    const postgres = await connectPrisma(PrismaClient, config.DATABASE_URL, 'users');
    const stores: UsersStores = { users: new UserStore(postgres.prisma) };
    return { stores, readiness: [postgres.readiness], close: postgres.close };
  },
  loaders: (stores): UsersLoaders => ({
    userById: byKeyLoader((ids) => stores.users.findByIds(ids), (user) => user.id),
    addressesByUserId: groupedLoader((userIds) => stores.users.addressesOf(userIds), (address) => address.userId),
  }),
});
