import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Account } from './entities/account';
import type { AccountStore } from './store/account.store';

export interface AuthStores {
  accounts: AccountStore;
}

export interface AuthLoaders {
  accountById: DataLoader<string, Account | null>;
}

export type AuthContext = SubgraphContext<AuthStores, AuthLoaders>;
