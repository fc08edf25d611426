import { PrismaPg } from '@prisma/adapter-pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { applyMigrations } from '../scripts/migrations/apply';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../scripts/migrations/throwaway-database';
import { Prisma as AuthPrisma, PrismaClient as AuthClient } from './auth/client/client';
import { PrismaClient as ContactClient } from './contact/client/client';
import { PrismaClient as OrdersClient } from './orders/client/client';
import { PrismaClient as UsersClient } from './users/client/client';

const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/flores_test';

// The generated clients, used exactly as the subgraphs will: one adapter per service schema.
describe('generated Prisma clients on the migrated database', () => {
  let db: ThrowawayDatabase;
  let auth: AuthClient;
  let users: UsersClient;
  let orders: OrdersClient;
  let contact: ContactClient;

  beforeAll(async () => {
    db = await createThrowawayDatabase(SERVER_URL, 'flores_client_test');
    await applyMigrations({ databaseUrl: db.url });
    const connectionString = db.url;
    auth = new AuthClient({ adapter: new PrismaPg({ connectionString }, { schema: 'auth' }) });
    users = new UsersClient({ adapter: new PrismaPg({ connectionString }, { schema: 'users' }) });
    orders = new OrdersClient({ adapter: new PrismaPg({ connectionString }, { schema: 'orders' }) });
    contact = new ContactClient({ adapter: new PrismaPg({ connectionString }, { schema: 'contact' }) });
  });
  afterAll(async () => {
    await Promise.all([auth, users, orders, contact].map((c) => c?.$disconnect()));
    await db?.drop();
  });

  it('auth: writes and reads an account with default roles; duplicate emails fail with P2002', async () => {
    const created = await auth.account.create({ data: { email: 'ana@example.cl', passwordHash: 'hash' } });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.roles).toEqual(['CUSTOMER']);
    expect(await auth.account.findUnique({ where: { email: 'ana@example.cl' } })).toEqual(created);

    const duplicate = auth.account.create({ data: { email: 'ana@example.cl', passwordHash: 'x' } });
    await expect(duplicate).rejects.toBeInstanceOf(AuthPrisma.PrismaClientKnownRequestError);
    await expect(duplicate).rejects.toMatchObject({ code: 'P2002' });
  });

  it('users: a user with nested addresses; deleting the user cascades', async () => {
    const user = await users.user.create({
      data: {
        id: '8d7f6a0e-0000-4000-8000-000000000001',
        email: 'ana@example.cl',
        displayName: 'Ana',
        addresses: { create: [{ recipient: 'Ana', line1: 'Av. Siempre Viva 742', city: 'Santiago', postalCode: '8320000', country: 'CL' }] },
      },
      include: { addresses: true },
    });
    expect(user.addresses).toHaveLength(1);
    expect(user.addresses[0]).toMatchObject({ isDefault: false, label: null, userId: user.id });

    await users.user.delete({ where: { id: user.id } });
    expect(await users.address.count()).toBe(0);
  });

  it('orders: an order with lines, default status, ordered by user and date', async () => {
    const order = await orders.order.create({
      data: {
        userId: 'u1',
        currency: 'CLP',
        subtotalCents: 2_500_000,
        lines: { create: [{ productId: 'p1', productName: 'Ramo de rosas', unitPriceCents: 1_250_000, quantity: 2 }] },
      },
      include: { lines: true },
    });
    expect(order.status).toBe('PENDING');
    const found = await orders.order.findMany({ where: { userId: 'u1' }, orderBy: { createdAt: 'desc' }, include: { lines: true } });
    expect(found).toEqual([order]);
  });

  it('contact: tickets default to OPEN and filter by status', async () => {
    await contact.ticket.create({ data: { name: 'Ana', email: 'ana@example.cl', subject: 'Entrega', body: '¿Llega hoy?' } });
    const open = await contact.ticket.findMany({ where: { status: 'OPEN' } });
    expect(open.map((t) => [t.subject, t.userId])).toEqual([['Entrega', null]]);
  });

  it('wrote each row in its own service schema', async () => {
    const rows = await auth.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "auth"."accounts"`;
    expect(rows).toEqual([{ n: 1 }]);
    const elsewhere = await auth.$queryRaw<{ t: string | null }[]>`SELECT to_regclass('public.accounts')::text AS t`;
    expect(elsewhere).toEqual([{ t: null }]);
  });
});
