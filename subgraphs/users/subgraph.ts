import { PrismaClient } from '../../prisma/users/client/client';
import { createEventPublisher } from '../../runtime/events/publisher';
import { startDedupRetention } from '../../runtime/events/retention';
import { usersSubgraphEnv } from './config';
import { byKeyLoader, groupedLoader } from '../../runtime/loaders';
import { openPrismaStores } from '../../runtime/stores/prisma';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { UsersContext, UsersLoaders, UsersProviders } from './context';
import { startAccountEventsConsumer } from './events/account-events.consumer';
import { startMailer, type RunningMailer } from './mail/mail-events.consumer';
import { SentMails } from '../../runtime/mail/sent-mails';
import { MailRecipientStore } from './store/mail-recipients.store';
import { usersPermissions } from './permissions';
import { AddressResolver } from './resolvers/address.resolver';
import { resolveUserReference, UserResolver } from './resolvers/user.resolver';
import { AccountEventStore } from './store/account-events.store';
import { AddressStore } from './store/address.store';
import { PreferencesStore } from './store/preferences.store';
import { UserStore } from './store/user.store';
import { consumerContext } from '../../runtime/events/consumer';
import { SERVICE_PORTS } from '../../runtime/service-ports';

const openPostgres = openPrismaStores(PrismaClient, 'users', (prisma): UsersProviders => ({
  users: new UserStore(prisma),
  addresses: new AddressStore(prisma),
  preferences: new PreferencesStore(prisma),
  accountEvents: new AccountEventStore(prisma),
  mailRecipients: new MailRecipientStore(prisma),
  sentMails: new SentMails(prisma, 'users'),
}));

export const usersSubgraph = defineSubgraph({
  name: 'users',
  defaultPort: SERVICE_PORTS.users,
  env: usersSubgraphEnv,
  schema: () => buildFederatedSchema<UsersContext>({ resolvers: [UserResolver, AddressResolver], references: { User: resolveUserReference } }),
  openStores: async (config, logger, registry) => {
    const postgres = await openPostgres(config);
    const announcements = createEventPublisher({ url: config.RABBITMQ_URL, logger });
    try {
      // Profiles come from the auth service's account events (`me` also creates one if they are late).
      const { accountEvents } = postgres.providers;
      const context = consumerContext(config, logger, registry);
      const consumer = await startAccountEventsConsumer(context, accountEvents, announcements);
      const dedupRetention = startDedupRetention(accountEvents, config.EVENTS_DEDUP_RETENTION_SECONDS, logger);
      // The shop's mail is sent from here: this service knows each customer's email and language.
      let mailer: RunningMailer | null = null;
      try {
        if (config.MAIL_ENABLED) mailer = await startMailer(context, postgres.providers, config, logger);
      } catch (error) {
        await Promise.all([consumer.close(), dedupRetention.stop()]);
        throw error;
      }
      return {
        ...postgres,
        close: async () => {
          // Stop taking events first: one being handled still needs PostgreSQL and the publisher.
          await Promise.all([consumer.close(), dedupRetention.stop(), mailer?.close()]);
          await Promise.all([announcements.close(), postgres.close()]);
        },
      };
    } catch (error) {
      await Promise.all([announcements.close(), postgres.close()]);
      throw error;
    }
  },
  loaders: (providers: UsersProviders): UsersLoaders => ({
    userById: byKeyLoader(
      (ids) => providers.users.findByIds(ids),
      (user) => user.id,
    ),
    addressesByUserId: groupedLoader(
      (userIds) => providers.addresses.addressesOf(userIds),
      (address) => address.userId,
    ),
    preferencesByUserId: byKeyLoader(
      (userIds) => providers.preferences.ofUsers(userIds),
      (preferences) => preferences.userId,
    ),
  }),
  permissions: usersPermissions,
});
