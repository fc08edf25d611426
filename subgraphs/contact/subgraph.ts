import { PrismaClient } from '../../prisma/contact/client/client';
import { storeEnv } from '../../runtime/config';
import { byKeyLoader } from '../../runtime/loaders';
import { connectPrisma } from '../../runtime/stores/prisma';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { ContactContext, ContactLoaders, ContactStores } from './context';
import { resolveTicketReference, TicketResolver } from './resolvers/ticket.resolver';
import { TicketStore } from './store/ticket.store';

export const contactSubgraph = defineSubgraph({
  name: 'contact',
  defaultPort: 3008,
  env: { DATABASE_URL: storeEnv.DATABASE_URL },
  schema: () => buildFederatedSchema<ContactContext>({ resolvers: [TicketResolver], references: { Ticket: resolveTicketReference } }),
  openStores: async (config) => {
    const postgres = await connectPrisma(PrismaClient, config.DATABASE_URL, 'contact');
    const stores: ContactStores = { tickets: new TicketStore(postgres.prisma) };
    return { stores, readiness: [postgres.readiness], close: postgres.close };
  },
  loaders: (stores): ContactLoaders => ({
    ticketById: byKeyLoader((ids) => stores.tickets.findByIds(ids), (ticket) => ticket.id),
  }),
});
