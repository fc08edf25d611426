import { PrismaClient } from '../../prisma/auth/client/client';
import { storeEnv } from '../../runtime/config';
import { byKeyLoader } from '../../runtime/loaders';
import { connectPrisma } from '../../runtime/stores/prisma';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { AuthContext, AuthLoaders, AuthStores } from './context';
import { AccountResolver, resolveAccountReference } from './resolvers/account.resolver';
import { AccountStore } from './store/account.store';

export const authSubgraph = defineSubgraph({
  name: 'auth',
  defaultPort: 3001,
  env: { DATABASE_URL: storeEnv.DATABASE_URL },
  schema: () => buildFederatedSchema<AuthContext>({ resolvers: [AccountResolver], references: { Account: resolveAccountReference } }),
  openStores: async (config) => {
    const postgres = await connectPrisma(PrismaClient, config.DATABASE_URL, 'auth');
    const stores: AuthStores = { accounts: new AccountStore(postgres.prisma) };
    return { stores, readiness: [postgres.readiness], close: postgres.close };
  },
  loaders: (stores): AuthLoaders => ({
    accountById: byKeyLoader((ids) => stores.accounts.findByIds(ids), (account) => account.id),
  }),
});
