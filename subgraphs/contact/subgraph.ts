import { PrismaClient } from '../../prisma/contact/client/client';
import { connectWithOutbox } from '../../runtime/events/outboxed-connections';
import { byKeyLoader, groupedLoader } from '../../runtime/loaders';
import type { Registry } from 'prom-client';
import type { Logger } from '../../runtime/logger';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph, type OpenedStores } from '../../runtime/subgraph/definition';
import { SERVICE_PORTS } from '../../runtime/service-ports';
import { AuthClient } from './clients/auth.client';
import { contactSubgraphEnv, type ContactSubgraphConfig } from './config';
import type { ContactContext, ContactLoaders, ContactProviders } from './context';
import { contactPermissions } from './permissions';
import { TicketHandlingResolver } from './resolvers/ticket-handling.resolver';
import { resolveTicketReference, TicketResolver } from './resolvers/ticket.resolver';
import { MessageThrottle } from './security/message-throttle';
import { ticketMetrics } from './store/ticket-metrics';
import { TicketStore } from './store/ticket.store';

/**
 * PostgreSQL for tickets and the outbox; Redis for the contact form's rate limits; RabbitMQ (through the
 * outbox relay) for events. RabbitMQ is not a readiness check: while it is down, events wait in the outbox.
 * Nor is the auth service (asked who is staff when a ticket is assigned): while it is down, only
 * assignments fail (SERVICE_UNAVAILABLE); messages, replies and notes go on.
 */
async function openContactStores(config: ContactSubgraphConfig, logger: Logger, registry: Registry): Promise<OpenedStores<ContactProviders>> {
  const connections = await connectWithOutbox(PrismaClient, 'contact', config, logger, registry);
  const tickets = new TicketStore(connections.prisma);
  ticketMetrics(registry, tickets);
  const providers: ContactProviders = {
    tickets,
    messageThrottle: new MessageThrottle(connections.redis, {
      maxPerAddress: config.CONTACT_MAX_MESSAGES_PER_ADDRESS,
      maxPerEmail: config.CONTACT_MAX_MESSAGES_PER_EMAIL,
      windowSeconds: config.CONTACT_MESSAGE_WINDOW_SECONDS,
    }),
    auth: new AuthClient(config.AUTH_URL, config.INTERNAL_SECRET),
  };
  return {
    providers,
    readiness: connections.readiness,
    close: connections.close,
  };
}

export const contactSubgraph = defineSubgraph({
  name: 'contact',
  defaultPort: SERVICE_PORTS.contact,
  env: contactSubgraphEnv,
  schema: () =>
    buildFederatedSchema<ContactContext>({
      resolvers: [TicketResolver, TicketHandlingResolver],
      references: { Ticket: resolveTicketReference },
    }),
  openStores: openContactStores,
  loaders: (providers: ContactProviders): ContactLoaders => ({
    ticketById: byKeyLoader(
      (ids) => providers.tickets.findByIds(ids),
      (ticket) => ticket.id,
    ),
    repliesByTicket: groupedLoader(
      (ids) => providers.tickets.messagesOf(ids, 'REPLY'),
      (reply) => reply.ticketId,
    ),
    notesByTicket: groupedLoader(
      (ids) => providers.tickets.messagesOf(ids, 'NOTE'),
      (note) => note.ticketId,
    ),
  }),
  permissions: contactPermissions,
});
