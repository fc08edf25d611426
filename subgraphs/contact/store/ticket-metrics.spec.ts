import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../../prisma/contact/client/client';
import { connectPrisma, type PrismaStore } from '../../../runtime/stores/prisma';
import { applyMigrations } from '../../../scripts/migrations/apply';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../../scripts/migrations/throwaway-database';
import { parseMetricSamples } from '../../../test/support/metrics';
import { testEnv } from '../../../test/support/test-env';
import { ticketMetrics } from './ticket-metrics';
import { TicketStore } from './ticket.store';

// The figures are the whole tickets table's: the test gets a database of its own.
describe('the tickets by status, read from the tickets table at scrape time (real PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let postgres: PrismaStore<PrismaClient>;
  let tickets: TicketStore;
  const registry = new Registry();
  beforeAll(async () => {
    database = await createThrowawayDatabase(testEnv.DATABASE_URL, 'flores_ticket_metrics');
    await applyMigrations({ databaseUrl: database.url, services: ['contact'] });
    postgres = await connectPrisma(PrismaClient, database.url, 'contact');
    tickets = new TicketStore(postgres.prisma);
    ticketMetrics(registry, tickets);
  });
  afterAll(async () => {
    await postgres?.close();
    await database?.drop();
  });

  const byStatus = async () =>
    Object.fromEntries(parseMetricSamples(await registry.metrics(), 'contact_tickets_by_status').map(({ labels, value }) => [labels.status, value]));
  const open = () => tickets.open({ name: 'Ana', email: 'ana@example.com', subject: 'Ramo', body: '¿Llega mañana?' }, null);

  it('serves every status from the start, at zero', async () => {
    expect(await byStatus()).toEqual({ OPEN: 0, IN_PROGRESS: 0, RESOLVED: 0, CLOSED: 0 });
  });

  it('counts the tickets opened (several at once) and follows their status', async () => {
    const [first] = await Promise.all([open(), open(), open()]);
    expect(await byStatus()).toEqual({ OPEN: 3, IN_PROGRESS: 0, RESOLVED: 0, CLOSED: 0 });
    await tickets.changeStatus(first.id, 'OPEN', 'RESOLVED');
    expect(await byStatus()).toEqual({ OPEN: 2, IN_PROGRESS: 0, RESOLVED: 1, CLOSED: 0 });
  });
});
