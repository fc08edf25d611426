import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Ticket } from './entities/ticket';
import type { TicketStore } from './store/ticket.store';

export interface ContactStores {
  tickets: TicketStore;
}

export interface ContactLoaders {
  ticketById: DataLoader<string, Ticket | null>;
}

export type ContactContext = SubgraphContext<ContactStores, ContactLoaders>;
