import { PrismaClient } from '../../prisma/auth/client/client';
import { storeEnv } from '../../runtime/config';
import { byKeyLoader } from '../../runtime/loaders';
import { openPrismaStores } from '../../runtime/stores/prisma';
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
  openStores: openPrismaStores(PrismaClient, 'auth', (prisma): AuthStores => ({ accounts: new AccountStore(prisma) })),
  loaders: (stores: AuthStores): AuthLoaders => ({
    accountById: byKeyLoader((ids) => stores.accounts.findByIds(ids), (account) => account.id),
  }),
});
