import type { PrismaPg } from '@prisma/adapter-pg';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { ReadinessCheck } from '../health';
import type { Logger } from '../logger';
import { connectPrisma } from '../stores/prisma';
import { connectRedis } from '../stores/redis';
import { startOutboxRelay } from './outbox-relay';
import { prismaOutbox, type TransactionalRawSql } from './prisma-outbox';
import { createEventPublisher } from './publisher';

export interface OutboxedConnectionsConfig {
  DATABASE_URL: string;
  /** Optional: a service that needs no Redis (orders) opens none. */
  REDIS_URL?: string;
  RABBITMQ_URL: string;
  OUTBOX_POLL_INTERVAL_MS: number;
  OUTBOX_RETENTION_SECONDS: number;
}

export interface OutboxedConnections<TClient, TRedis extends Redis | null> {
  prisma: TClient;
  redis: TRedis;
  /** Tells the relay an event was just committed, so it publishes at once rather than at its next poll. */
  wakeRelay: () => void;
  readiness: ReadinessCheck[];
  close: () => Promise<void>;
}

/**
 * PostgreSQL (the service's own schema, with an `outbox_events` table), Redis, and the relay that publishes
 * the outbox to RabbitMQ (and deletes published rows older than OUTBOX_RETENTION_SECONDS). RabbitMQ is not a
 * readiness check: while it is down, events wait in the outbox.
 */
export async function connectWithOutbox<
  TClient extends TransactionalRawSql & { $connect(): Promise<void>; $disconnect(): Promise<void>; $queryRawUnsafe(query: string): Promise<unknown> },
  TConfig extends OutboxedConnectionsConfig,
>(
  Client: new (options: { adapter: PrismaPg }) => TClient,
  schema: string,
  config: TConfig,
  logger: Logger,
  registry?: Registry,
): Promise<OutboxedConnections<TClient, TConfig extends { REDIS_URL: string } ? Redis : null>> {
  const postgres = await connectPrisma(Client, config.DATABASE_URL, schema);
  const redis = config.REDIS_URL
    ? await connectRedis(config.REDIS_URL, schema).catch(async (error: unknown) => {
        await postgres.close();
        throw error;
      })
    : null;
  const relay = startOutboxRelay({
    source: prismaOutbox(postgres.prisma, schema),
    publisher: createEventPublisher({ url: config.RABBITMQ_URL, logger }),
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
    metrics: registry && { registry, outbox: schema },
    retention: { retentionMs: config.OUTBOX_RETENTION_SECONDS * 1000 },
  });
  return {
    prisma: postgres.prisma,
    redis: (redis?.redis ?? null) as TConfig extends { REDIS_URL: string } ? Redis : null,
    wakeRelay: () => relay.wake(),
    readiness: redis ? [postgres.readiness, redis.readiness] : [postgres.readiness],
    close: async () => {
      await relay.stop(); // finishes the batch in flight while the database is still open
      await Promise.all([postgres.close(), redis?.close()]);
    },
  };
}
