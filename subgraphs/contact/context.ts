import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { AuthClient } from './clients/auth.client';
import type { Ticket } from './entities/ticket';
import type { TicketMessageRecord } from './entities/ticket-message';
import type { MessageThrottle } from './security/message-throttle';
import type { TicketStore } from './store/ticket.store';

export interface ContactProviders {
  tickets: TicketStore;
  messageThrottle: MessageThrottle;
  /** The auth service: who is staff (assignments). */
  auth: AuthClient;
}

export interface ContactLoaders {
  ticketById: DataLoader<string, Ticket | null>;
  repliesByTicket: DataLoader<string, TicketMessageRecord[]>;
  notesByTicket: DataLoader<string, TicketMessageRecord[]>;
}

export type ContactContext = SubgraphContext<ContactProviders, ContactLoaders>;
