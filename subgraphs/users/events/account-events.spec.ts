import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../../prisma/users/client/client';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import type { PrismaStore } from '../../../runtime/stores/prisma';
import { unique } from '../../../test/support/graphql';
import { indexDefinitions } from '../../../test/support/indexes';
import { testEnv } from '../../../test/support/test-env';
import { AccountEventStore } from '../store/account-events.store';
import { openUsersDatabase } from '../users.test-support';
import { accountDeleted, accountRegistered } from '../../../runtime/events/contracts';
import { handleAccountEvent } from './account-events';
import { MalformedEvent } from '../../../runtime/events/malformed-event';

const event = (type: string, data: Record<string, unknown>): DomainEvent => ({ id: randomUUID(), type, occurredAt: new Date().toISOString(), data });
const registered = (accountId: string, email: string) => event(accountRegistered.type, { accountId, email });
const deleted = (accountId: string) => event(accountDeleted.type, { accountId });

describe('handleAccountEvent (real PostgreSQL)', () => {
  let db: PrismaStore<PrismaClient>;
  let store: AccountEventStore;
  beforeAll(async () => {
    db = await openUsersDatabase(testEnv.DATABASE_URL);
    store = new AccountEventStore(db.prisma);
  });
  afterAll(() => db?.close());

  const profile = (id: string) => db.prisma.user.findUnique({ where: { id }, include: { addresses: true, preferences: true } });
  const processed = (eventId: string) => db.prisma.processedEvent.count({ where: { id: eventId } });

  it('registered: creates the profile, named after the email local part, and records the event', async () => {
    const accountId = randomUUID();
    const email = `${unique('Lila.Flores')}@Example.com`;
    const first = registered(accountId, email);
    expect(await handleAccountEvent(first, store)).toBe('applied');
    expect(await profile(accountId)).toMatchObject({
      email: email.toLowerCase(),
      displayName: email.split('@')[0].toLowerCase(),
      searchName: email.split('@')[0].toLowerCase(),
      deletedAt: null,
    });
    expect(await processed(first.id)).toBe(1);
  });

  it('a redelivered registration changes nothing, even after the customer edited the profile', async () => {
    const accountId = randomUUID();
    const first = registered(accountId, `${unique('redeliver')}@example.com`);
    await handleAccountEvent(first, store);
    await db.prisma.user.update({ where: { id: accountId }, data: { displayName: 'Chosen Name', searchName: 'chosen name' } });
    const before = await profile(accountId);
    expect(await handleAccountEvent(first, store)).toBe('duplicate');
    expect(await handleAccountEvent({ ...first }, store)).toBe('duplicate');
    expect(await profile(accountId)).toEqual(before);
    // Another registration event for the same account (a retried publish with a new id) does not overwrite either.
    expect(await handleAccountEvent(registered(accountId, `${unique('other')}@example.com`), store)).toBe('applied');
    expect(await profile(accountId)).toEqual(before);
  });

  it('concurrent deliveries of one event apply it once', async () => {
    const accountId = randomUUID();
    const once = registered(accountId, `${unique('concurrent')}@example.com`);
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => handleAccountEvent(once, store)));
    expect(outcomes.filter((outcome) => outcome === 'applied')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'duplicate')).toHaveLength(5);
    expect(await processed(once.id)).toBe(1);
  });

  it('a profile made lazily (no email in the token) keeps its name and learns the email from the event', async () => {
    const accountId = randomUUID();
    await db.prisma.user.create({ data: { id: accountId, email: null, displayName: 'Customer', searchName: 'customer' } });
    const email = `${unique('lazy')}@example.com`;
    expect(await handleAccountEvent(registered(accountId, email), store)).toBe('applied');
    expect(await profile(accountId)).toMatchObject({ email, displayName: 'Customer' });
  });

  it('deleted: anonymises the profile, deletes its addresses and preferences, keeps the row; redelivery changes nothing', async () => {
    const accountId = randomUUID();
    await handleAccountEvent(registered(accountId, `${unique('leaving')}@example.com`), store);
    await db.prisma.user.update({ where: { id: accountId }, data: { phone: '+56 9 7777 8888', displayName: 'Leaving Soon' } });
    await db.prisma.address.create({ data: { userId: accountId, recipient: 'R', line1: 'L', city: 'C', postalCode: '1', country: 'CL', isDefault: true } });
    await db.prisma.preferences.create({
      data: { userId: accountId, language: 'en', newsletterOptIn: true, favouriteFlowers: ['roses'], favouriteOccasions: ['BIRTHDAY'] },
    });

    const gone = deleted(accountId);
    expect(await handleAccountEvent(gone, store)).toBe('applied');
    const anonymised = await profile(accountId);
    expect(anonymised).toMatchObject({
      email: `deleted-${accountId}@invalid`,
      displayName: 'Deleted user',
      searchName: '',
      phone: null,
      addresses: [],
      preferences: null,
    });
    expect(anonymised?.deletedAt).toBeInstanceOf(Date);
    expect(await handleAccountEvent(gone, store)).toBe('duplicate');
    expect(await profile(accountId)).toEqual(anonymised);
    // A second deletion event (new id) keeps the original deletion time.
    expect(await handleAccountEvent(deleted(accountId), store)).toBe('applied');
    expect(await profile(accountId)).toEqual({ ...anonymised, updatedAt: expect.any(Date) });
  });

  it('a deletion that overtakes the registration leaves a tombstone the late registration cannot revive', async () => {
    const accountId = randomUUID();
    expect(await handleAccountEvent(deleted(accountId), store)).toBe('applied');
    expect(await handleAccountEvent(registered(accountId, `${unique('late')}@example.com`), store)).toBe('applied');
    expect(await profile(accountId)).toMatchObject({ email: `deleted-${accountId}@invalid`, displayName: 'Deleted user', deletedAt: expect.any(Date) });
  });

  it('ignores event types it does not handle, and refuses malformed events without recording them', async () => {
    expect(await handleAccountEvent(event('auth.account.renamed', { accountId: 'x' }), store)).toBe('ignored');
    for (const bad of [
      event(accountRegistered.type, { accountId: randomUUID() }),
      event(accountRegistered.type, { accountId: randomUUID(), email: 'not-an-email' }),
      event(accountRegistered.type, { email: 'a@example.com' }),
      event(accountDeleted.type, { accountId: 'x'.repeat(65) }),
      { ...event(accountDeleted.type, { accountId: randomUUID() }), id: '' },
    ]) {
      await expect(handleAccountEvent(bad, store)).rejects.toBeInstanceOf(MalformedEvent);
      expect(await processed(bad.id)).toBe(0);
    }
  });

  it('a change that fails records nothing, so the redelivered event applies it', async () => {
    const accountId = randomUUID();
    const failing = registered(accountId, `${unique('retry')}@example.com`);
    // The same store on a client whose profile insert fails, after the event id was written in the transaction.
    const brokenClient = db.prisma.$extends({
      query: {
        user: {
          createMany: () => Promise.reject(new Error('database went away')),
        },
      },
    }) as unknown as PrismaClient;
    await expect(handleAccountEvent(failing, new AccountEventStore(brokenClient))).rejects.toThrow('database went away');
    expect(await processed(failing.id)).toBe(0);
    expect(await profile(accountId)).toBeNull();
    expect(await handleAccountEvent(failing, store)).toBe('applied');
    expect(await profile(accountId)).not.toBeNull();
  });

  it('retention: deletes the records of events processed before the cutoff, oldest first, in batches, with an index on processed_at', async () => {
    const day = 86_400_000;
    const now = Date.now();
    // Far older than anything another test writes, so this cutoff deletes only what this test wrote (and leftovers of its earlier runs).
    const ancient = Array.from({ length: 5 }, (_, index) => ({
      id: `retention-${randomUUID()}`,
      type: accountRegistered.type,
      processedAt: new Date(now - 400 * day + index * 1_000),
    }));
    const kept = { id: `retention-${randomUUID()}`, type: accountRegistered.type, processedAt: new Date(now - 300 * day) };
    await db.prisma.processedEvent.createMany({ data: [...ancient, kept] });
    const cutoff = new Date(now - 365 * day);

    const first = await store.pruneProcessed(cutoff, 2);
    expect(first).toBe(2);
    // Oldest first: the two oldest went.
    expect(await processed(ancient[0].id)).toBe(0);
    expect(await processed(ancient[1].id)).toBe(0);
    expect(await processed(ancient[2].id)).toBe(1);
    let deleted = first;
    for (let batch = await store.pruneProcessed(cutoff, 2); batch > 0; batch = await store.pruneProcessed(cutoff, 2)) deleted += batch;
    expect(deleted).toBeGreaterThanOrEqual(ancient.length);
    for (const record of ancient) expect(await processed(record.id)).toBe(0);
    expect(await processed(kept.id)).toBe(1);
    await db.prisma.processedEvent.delete({ where: { id: kept.id } });

    // The query that picks a batch (as Prisma sends it for pruneProcessed) has an index on processed_at to read.
    expect(await indexDefinitions(db.prisma, 'users', 'processed_events')).toContainEqual(expect.stringMatching(/USING btree \(processed_at\)/));
  });
});
