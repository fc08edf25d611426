import type { SentMails } from '../../runtime/mail/sent-mails';
import type { MailRecipientStore } from './store/mail-recipients.store';
import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Address } from './entities/address';
import type { UserPreferences } from './entities/preferences';
import type { User } from './entities/user';
import type { AccountEventStore } from './store/account-events.store';
import type { AddressStore } from './store/address.store';
import type { PreferencesStore } from './store/preferences.store';
import type { UserStore } from './store/user.store';

export interface UsersProviders {
  users: UserStore;
  addresses: AddressStore;
  preferences: PreferencesStore;
  accountEvents: AccountEventStore;
  /** The mailer's reads of profiles, and its record of mails sent. */
  mailRecipients: MailRecipientStore;
  sentMails: SentMails;
}

export interface UsersLoaders {
  userById: DataLoader<string, User | null>;
  addressesByUserId: DataLoader<string, Address[]>;
  /** null: the user never changed a preference (the defaults apply). */
  preferencesByUserId: DataLoader<string, UserPreferences | null>;
}

export type UsersContext = SubgraphContext<UsersProviders, UsersLoaders>;
