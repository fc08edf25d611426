import type { Registry } from 'prom-client';
import { storeReadMetrics } from '../../../runtime/store-read-metrics';
import { TicketStatus } from '../entities/ticket-status';
import type { TicketStore } from './ticket.store';

/**
 * `contact_tickets_by_status{status}`: customer messages in each status now, read from the tickets table at scrape
 * time (every status a series, zero included). Their sum only grows (tickets are never deleted): its increase over a
 * window is the tickets opened in it, the Shop dashboard's ticket volume.
 */
export function ticketMetrics(registry: Registry, tickets: TicketStore): void {
  storeReadMetrics(
    registry,
    ['status'],
    { contact_tickets_by_status: { help: 'Tickets in each status now (read from the tickets table at scrape time)' } },
    async () => {
      const counts = await tickets.countByStatus();
      return Object.values(TicketStatus).map((status) => ({ labels: { status }, values: { contact_tickets_by_status: counts.get(status) ?? 0 } }));
    },
  );
}
