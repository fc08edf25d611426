import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../prisma/auth/client/client';
import { testEnv } from '../../test/support/test-env';
import { createLogger } from '../logger';
import { connectPrisma, type PrismaStore } from '../stores/prisma';
import { indexDefinitions } from '../../test/support/indexes';
import { startTcpProxy } from '../../test/support/tcp-proxy';
import { deadLetterQueueOf, startConsumer, type RunningConsumer } from './consumer';
import type { DomainEvent } from './domain-event';
import { outboxRow } from './outbox';
import { startOutboxRelay } from './outbox-relay';
import { prismaOutbox } from './prisma-outbox';
import { createEventPublisher } from './publisher';
import { metricSeries } from '../metrics.test-support';

const logger = createLogger('outbox-test', 'silent');
const brokerUrl = testEnv.RABBITMQ_URL;
const uniqueType = (name: string) => `test.${name}.t${randomUUID().replaceAll('-', '')}`;

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the transactional outbox and its relay', () => {
  let postgres: PrismaStore<PrismaClient>;
  let admin: ChannelModel;
  // A schema of this test's own with the outbox table, so relays of other test processes never take its rows.
  const schema = `outbox_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const queues: string[] = [];
  const consumers: RunningConsumer[] = [];

  const collect = async (type: string) => {
    const received: DomainEvent[] = [];
    const queue = `test.outbox.${randomUUID()}`;
    queues.push(queue);
    consumers.push(await startConsumer({ url: brokerUrl, queue, bindings: [type], handle: async (event) => void received.push(event), logger }));
    return received;
  };
  const insertRows = async (type: string, count: number) => {
    const rows = Array.from({ length: count }, (_, index) => outboxRow(type, { index }));
    for (const row of rows) {
      await postgres.prisma.$executeRawUnsafe(
        `INSERT INTO "${schema}".outbox_events (id, type, payload, occurred_at) VALUES ($1::uuid, $2, $3::jsonb, $4)`,
        row.id,
        row.type,
        JSON.stringify(row.payload),
        row.occurredAt,
      );
    }
    return rows;
  };
  const rowsOf = (type: string) =>
    postgres.prisma.$queryRawUnsafe<Array<{ id: string; attempts: number; published_at: Date | null }>>(
      `SELECT id::text AS id, attempts, published_at FROM "${schema}".outbox_events WHERE type = $1`,
      type,
    );

  beforeAll(async () => {
    postgres = await connectPrisma(PrismaClient, testEnv.DATABASE_URL, 'auth');
    await postgres.prisma.$executeRawUnsafe(`CREATE SCHEMA "${schema}"`);
    await postgres.prisma.$executeRawUnsafe(`CREATE TABLE "${schema}".outbox_events (LIKE auth.outbox_events INCLUDING ALL)`);
    admin = await connect(brokerUrl);
  });
  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.close()));
    const channel = await admin.createChannel();
    for (const queue of queues) {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueueOf(queue));
    }
    await admin.close();
    await postgres.prisma.$executeRawUnsafe(`DROP SCHEMA "${schema}" CASCADE`);
    await postgres.close();
  });

  it('publishes what a committed transaction wrote, and never what a rolled-back one wrote', async () => {
    const type = uniqueType('commit');
    const received = await collect(type);
    const committed = outboxRow(type, { outcome: 'committed' });
    const rolledBack = outboxRow(type, { outcome: 'rolled back' });
    await postgres.prisma.$transaction(async (tx) => {
      await tx.outboxEvent.create({ data: committed });
    });
    await expect(
      postgres.prisma.$transaction(async (tx) => {
        await tx.outboxEvent.create({ data: rolledBack });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');

    const relay = startOutboxRelay({
      source: prismaOutbox(postgres.prisma, 'auth'),
      publisher: createEventPublisher({ url: brokerUrl, logger }),
      logger,
      pollIntervalMs: 50,
    });
    await until(() => received.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await relay.stop();
    expect(received).toEqual([{ id: committed.id, type, occurredAt: committed.occurredAt.toISOString(), data: { outcome: 'committed' } }]);
    expect(await postgres.prisma.outboxEvent.findUnique({ where: { id: rolledBack.id } })).toBeNull();
    expect((await postgres.prisma.outboxEvent.findUnique({ where: { id: committed.id } }))?.publishedAt).toBeInstanceOf(Date);
  });

  it('keeps retrying with backoff while RabbitMQ is unreachable, then publishes every row once it is back', async () => {
    const type = uniqueType('outage');
    const received = await collect(type);
    const proxy = await startTcpProxy(brokerUrl, false); // nothing listens: connections are refused
    const rows = await insertRows(type, 3);
    const registry = new Registry();
    const backlog = async () => (await metricSeries(registry, 'events_outbox_backlog')).get(JSON.stringify({ outbox: 'test' }));
    const relay = startOutboxRelay({
      source: prismaOutbox(postgres.prisma, schema),
      publisher: createEventPublisher({ url: proxy.url, logger, timeoutMs: 1_000 }),
      logger,
      pollIntervalMs: 20,
      maxBackoffMs: 200,
      metrics: { registry, outbox: 'test' },
    });
    await until(async () => (await rowsOf(type)).every((row) => row.attempts >= 3));
    expect((await rowsOf(type)).every((row) => row.published_at === null)).toBe(true);
    expect(received).toEqual([]);
    // The waiting rows are the outbox's backlog, read at scrape time (other tests' rows of this schema are published).
    expect(await backlog()).toBe(3);

    await proxy.up();
    await until(() => received.length === rows.length);
    await until(async () => (await rowsOf(type)).every((row) => row.published_at !== null));
    expect(await backlog()).toBe(0);
    await relay.stop();
    expect(await backlog()).toBeUndefined(); // a stopped relay reports nothing
    await proxy.down();
    expect(received.map((event) => event.id).sort()).toEqual(rows.map((row) => row.id).sort());
  });

  it('shares the rows between relays without publishing any twice', async () => {
    const type = uniqueType('replicas');
    const received = await collect(type);
    const rows = await insertRows(type, 60);
    const relays = [1, 2, 3].map(() =>
      startOutboxRelay({
        source: prismaOutbox(postgres.prisma, schema),
        publisher: createEventPublisher({ url: brokerUrl, logger }),
        logger,
        pollIntervalMs: 10,
        batchSize: 7,
      }),
    );
    await until(() => received.length >= rows.length);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all(relays.map((relay) => relay.stop()));
    expect(received).toHaveLength(rows.length);
    expect(new Set(received.map((event) => event.id)).size).toBe(rows.length);
  });

  it('stops at once even in the middle of a long backoff', async () => {
    const type = uniqueType('stop');
    const proxy = await startTcpProxy(brokerUrl, false);
    await insertRows(type, 1);
    const relay = startOutboxRelay({
      source: prismaOutbox(postgres.prisma, schema),
      publisher: createEventPublisher({ url: proxy.url, logger, timeoutMs: 1_000 }),
      logger,
      pollIntervalMs: 200,
      maxBackoffMs: 60_000,
    });
    await until(async () => (await rowsOf(type))[0].attempts >= 1);
    const started = Date.now();
    await relay.stop();
    expect(Date.now() - started).toBeLessThan(1_000);
    // Leave nothing for the other tests' relays to trip over.
    await postgres.prisma.$executeRawUnsafe(`DELETE FROM "${schema}".outbox_events WHERE type = $1`, type);
  });

  it('deletes published rows older than the retention period, in batches, through the index; never an unpublished row', async () => {
    const type = uniqueType('retention');
    const day = 86_400_000;
    const now = Date.now();
    const row = async (occurredAgoMs: number, publishedAgoMs: number | null) => {
      const [made] = await insertRows(type, 1);
      await postgres.prisma.$executeRawUnsafe(
        `UPDATE "${schema}".outbox_events SET occurred_at = $2, published_at = $3 WHERE id = $1::uuid`,
        made.id,
        new Date(now - occurredAgoMs),
        publishedAgoMs === null ? null : new Date(now - publishedAgoMs),
      );
      return made.id;
    };
    const oldPublished = [];
    for (let index = 0; index < 25; index += 1) oldPublished.push(await row(10 * day, 10 * day - index * 1_000));
    const recentPublished = await row(8 * day, 1 * day); // occurred long ago, but published recently: kept
    const oldUnpublished = await row(30 * day, null); // never published (the broker was away): never deleted
    const justPublished = await row(0, 0);

    // RabbitMQ is away (connections refused), so the unpublished row stays unpublished while the relay prunes.
    const closedBroker = await startTcpProxy(brokerUrl, false);
    const relay = startOutboxRelay({
      source: prismaOutbox(postgres.prisma, schema),
      publisher: createEventPublisher({ url: closedBroker.url, logger, timeoutMs: 500 }),
      logger,
      pollIntervalMs: 50,
      retention: { retentionMs: 7 * day, batchSize: 10 },
    });
    expect(await relay.pruneNow()).toBe(25); // three statements: 10, 10, 5
    await relay.stop();
    await closedBroker.down();
    const left = new Map((await rowsOf(type)).map((kept) => [kept.id, kept]));
    expect(oldPublished.filter((id) => left.has(id))).toEqual([]);
    expect([...left.keys()].sort()).toEqual([recentPublished, oldUnpublished, justPublished].sort());
    expect(left.get(oldUnpublished)?.published_at).toBeNull();

    // The delete can find its rows through the (published_at, occurred_at) index, not by reading the whole table.
    expect(await indexDefinitions(postgres.prisma, schema, 'outbox_events')).toContainEqual(expect.stringMatching(/USING btree \(published_at, occurred_at\)/));
    await postgres.prisma.$executeRawUnsafe(`DELETE FROM "${schema}".outbox_events WHERE type = $1`, type);
  });

  it('a relay whose source keeps nothing published (the reviews rating outbox) has nothing to prune', async () => {
    const source = { relayBatch: async () => ({ published: 0, failed: 0 }), backlog: async () => 0 };
    const relay = startOutboxRelay({ source, publisher: createEventPublisher({ url: brokerUrl, logger }), logger, retention: { retentionMs: 1_000 } });
    expect(await relay.pruneNow()).toBe(0);
    await relay.stop();
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => prismaOutbox(postgres.prisma, 'auth"; DROP TABLE x; --')).toThrow(/schema name/);
  });
});
