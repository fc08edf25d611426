import type { PrismaPg } from '@prisma/adapter-pg';
import type { Redis } from 'ioredis';
import type { ReadinessCheck } from '../health';
import type { Logger } from '../logger';
import { connectPrisma } from '../stores/prisma';
import { connectRedis } from '../stores/redis';
import { startOutboxRelay } from './outbox-relay';
import { prismaOutbox, type TransactionalRawSql } from './prisma-outbox';
import { createEventPublisher } from './publisher';

export interface OutboxedConnectionsConfig {
  DATABASE_URL: string;
  REDIS_URL: string;
  RABBITMQ_URL: string;
  OUTBOX_POLL_INTERVAL_MS: number;
}

export interface OutboxedConnections<TClient> {
  prisma: TClient;
  redis: Redis;
  readiness: ReadinessCheck[];
  close: () => Promise<void>;
}

/**
 * PostgreSQL (the service's own schema, with an `outbox_events` table), Redis, and the relay that publishes
 * the outbox to RabbitMQ. RabbitMQ is not a readiness check: while it is down, events wait in the outbox.
 */
export async function connectWithOutbox<TClient extends TransactionalRawSql & { $connect(): Promise<void>; $disconnect(): Promise<void>; $queryRawUnsafe(query: string): Promise<unknown> }>(
  Client: new (options: { adapter: PrismaPg }) => TClient,
  schema: string,
  config: OutboxedConnectionsConfig,
  logger: Logger,
): Promise<OutboxedConnections<TClient>> {
  const postgres = await connectPrisma(Client, config.DATABASE_URL, schema);
  const redis = await connectRedis(config.REDIS_URL, schema).catch(async (error: unknown) => {
    await postgres.close();
    throw error;
  });
  const relay = startOutboxRelay({
    source: prismaOutbox(postgres.prisma, schema),
    publisher: createEventPublisher({ url: config.RABBITMQ_URL, logger }),
    logger,
    pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
  });
  return {
    prisma: postgres.prisma,
    redis: redis.redis,
    readiness: [postgres.readiness, redis.readiness],
    close: async () => {
      await relay.stop(); // finishes the batch in flight while the database is still open
      await Promise.all([postgres.close(), redis.close()]);
    },
  };
}
