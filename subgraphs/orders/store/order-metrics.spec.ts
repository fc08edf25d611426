import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../../prisma/orders/client/client';
import { connectPrisma, type PrismaStore } from '../../../runtime/stores/prisma';
import { applyMigrations } from '../../../scripts/migrations/apply';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../../scripts/migrations/throwaway-database';
import { parseMetricSamples } from '../../../test/support/metrics';
import { testEnv } from '../../../test/support/test-env';
import { OrderStatus } from '../entities/order-status';
import { orderMetrics } from './order-metrics';
import { OrderStore } from './order.store';

// The figures are the whole orders table's: the test gets a database of its own, so it knows every order in it.
describe('the orders by status and their value, read from the orders table at scrape time (real PostgreSQL)', () => {
  let database: ThrowawayDatabase;
  let postgres: PrismaStore<PrismaClient>;
  const registry = new Registry();
  beforeAll(async () => {
    database = await createThrowawayDatabase(testEnv.DATABASE_URL, 'flores_order_metrics');
    await applyMigrations({ databaseUrl: database.url, services: ['orders'] });
    postgres = await connectPrisma(PrismaClient, database.url, 'orders');
    orderMetrics(registry, new OrderStore(postgres.prisma));
  });
  afterAll(async () => {
    await postgres?.close();
    await database?.drop();
  });

  const place = (status: OrderStatus, totalMinor: number, currency = 'CLP') =>
    postgres.prisma.order.create({
      data: { userId: 'metrics-spec', status, currency, subtotalCents: totalMinor - 3000, deliveryFeeCents: 3000, totalCents: totalMinor },
    });
  const samples = async (name: string) =>
    Object.fromEntries(parseMetricSamples(await registry.metrics(), name).map(({ labels, value }) => [`${labels.status} ${labels.currency}`, value]));

  it('has no series before the first order (no currency known yet)', async () => {
    expect(await samples('orders_by_status')).toEqual({});
  });

  it('counts orders and sums their totals per status and currency, every status a series', async () => {
    await Promise.all([
      place('PENDING', 25_000),
      place('PENDING', 40_000),
      place('DELIVERED', 60_000),
      place('CANCELLED', 15_000),
      place('CONFIRMED', 5_000, 'USD'),
    ]);
    const zeros = (currency: string) => Object.fromEntries(Object.values(OrderStatus).map((status) => [`${status} ${currency}`, 0]));
    expect(await samples('orders_by_status')).toEqual({
      ...zeros('CLP'),
      ...zeros('USD'),
      'PENDING CLP': 2,
      'DELIVERED CLP': 1,
      'CANCELLED CLP': 1,
      'CONFIRMED USD': 1,
    });
    expect(await samples('orders_value_by_status')).toEqual({
      ...zeros('CLP'),
      ...zeros('USD'),
      'PENDING CLP': 65_000,
      'DELIVERED CLP': 60_000,
      'CANCELLED CLP': 15_000,
      'CONFIRMED USD': 5_000,
    });
  });

  it('follows a status change at the next scrape: the order moves, the sum over statuses stays', async () => {
    const order = await place('PENDING', 10_000);
    const before = await samples('orders_by_status');
    await postgres.prisma.order.update({ where: { id: order.id }, data: { status: 'CONFIRMED' } });
    const after = await samples('orders_by_status');
    expect(after['PENDING CLP']).toBe(before['PENDING CLP'] - 1);
    expect(after['CONFIRMED CLP']).toBe(before['CONFIRMED CLP'] + 1);
    const sum = (figures: Record<string, number>) => Object.values(figures).reduce((total, value) => total + value, 0);
    expect(sum(after)).toBe(sum(before));
  });
});
