import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Address } from './entities/address';
import type { User } from './entities/user';
import type { UserStore } from './store/user.store';

export interface UsersStores {
  users: UserStore;
}

export interface UsersLoaders {
  userById: DataLoader<string, User | null>;
  addressesByUserId: DataLoader<string, Address[]>;
}

export type UsersContext = SubgraphContext<UsersStores, UsersLoaders>;
