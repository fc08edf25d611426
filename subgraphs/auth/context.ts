import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Account } from './entities/account';
import type { AccessTokenIssuer } from './security/access-tokens';
import type { GoogleIdTokenVerifier } from './security/google-id-token';
import type { LoginThrottle } from './security/login-throttle';
import type { SigningKeys } from './security/signing-keys';
import type { AccountStore } from './store/account.store';
import type { PasswordResetStore } from './store/password-reset.store';
import type { SessionStore } from './store/session.store';

/** What the auth resolvers work with: its stores, and the keys, throttle and verifiers built with them. */
export interface AuthProviders {
  accounts: AccountStore;
  sessions: SessionStore;
  passwordResets: PasswordResetStore;
  keys: SigningKeys;
  accessTokens: AccessTokenIssuer;
  loginThrottle: LoginThrottle;
  google: GoogleIdTokenVerifier;
}

export interface AuthLoaders {
  accountById: DataLoader<string, Account | null>;
}

export type AuthContext = SubgraphContext<AuthProviders, AuthLoaders>;
