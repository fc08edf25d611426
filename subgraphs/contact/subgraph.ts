import { PrismaClient } from '../../prisma/contact/client/client';
import { storeEnv } from '../../runtime/config';
import { byKeyLoader } from '../../runtime/loaders';
import { openPrismaStores } from '../../runtime/stores/prisma';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { ContactContext, ContactLoaders, ContactStores } from './context';
import { contactPermissions } from './permissions';
import { resolveTicketReference, TicketResolver } from './resolvers/ticket.resolver';
import { TicketStore } from './store/ticket.store';

export const contactSubgraph = defineSubgraph({
  name: 'contact',
  defaultPort: 3008,
  env: { DATABASE_URL: storeEnv.DATABASE_URL },
  schema: () => buildFederatedSchema<ContactContext>({ resolvers: [TicketResolver], references: { Ticket: resolveTicketReference } }),
  openStores: openPrismaStores(PrismaClient, 'contact', (prisma): ContactStores => ({ tickets: new TicketStore(prisma) })),
  loaders: (stores: ContactStores): ContactLoaders => ({
    ticketById: byKeyLoader((ids) => stores.tickets.findByIds(ids), (ticket) => ticket.id),
  }),
  permissions: contactPermissions,
});
