import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import type { Logger } from '../logger';
import { EVENTS_EXCHANGE, type DomainEvent } from './domain-event';
import { closeWithin } from './close-within';

export interface EventPublisher {
  /** Resolves once the broker confirmed it holds the event (persistent, routing key = its type); rejects otherwise. */
  publish(event: DomainEvent): Promise<void>;
  close(): Promise<void>;
}

/** A publish after `close()`: the process is stopping, so the event is not sent (an outbox keeps its own). */
export class PublisherClosed extends Error {
  constructor() {
    super('The event publisher is closed');
    this.name = 'PublisherClosed';
  }
}

export interface EventPublisherOptions {
  url: string;
  logger: Logger;
  /** How long to wait for the TCP connection and for each confirm before giving up (the caller retries). */
  timeoutMs?: number;
}

interface Link {
  connection: ChannelModel;
  channel: ConfirmChannel;
}

/**
 * Publishes domain events on a confirm channel to the durable topic exchange `flores.events`. It connects
 * on first use and again after the connection is lost, so a broker outage fails the publishes of that time
 * (the outbox keeps them) instead of the process.
 */
export function createEventPublisher(options: EventPublisherOptions): EventPublisher {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const logger = options.logger.child({ component: 'event-publisher' });
  let link: Link | null = null;
  let opening: Promise<Link> | null = null;
  let closed = false;

  const open = async (): Promise<Link> => {
    const connection = await connect(options.url, { timeout: timeoutMs, clientProperties: { connection_name: 'event-publisher' } });
    // At once: a connection lost while its channel opens emits an error, which would end the process unheard.
    connection.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ connection error'));
    try {
      const channel = await connection.createConfirmChannel();
      await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
      const opened: Link = { connection, channel };
      connection.on('close', () => forget(opened));
      channel.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ channel error'));
      channel.on('close', () => void drop(opened));
      return opened;
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
  };

  // By its connection: a confirm that timed out names the link by its parts.
  const forget = (stale: Link) => {
    if (link?.connection === stale.connection) link = null;
  };

  const drop = async (stale: Link) => {
    forget(stale);
    await closeWithin(stale.connection, timeoutMs).catch(() => {});
  };

  const current = async (): Promise<Link> => {
    if (link) return link;
    opening ??= open()
      .then((opened) => (link = opened))
      .finally(() => (opening = null));
    return opening;
  };

  return {
    async publish(event) {
      if (closed) throw new PublisherClosed();
      const { connection, channel } = await current();
      const content = Buffer.from(JSON.stringify(event));
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          // No confirm in time: the link's state is unknown, so start afresh (the event may then arrive twice; consumers are idempotent).
          void drop({ connection, channel }).finally(() => reject(new Error(`RabbitMQ did not confirm event ${event.id} within ${timeoutMs} ms`)));
        }, timeoutMs);
        try {
          channel.publish(
            EVENTS_EXCHANGE,
            event.type,
            content,
            {
              persistent: true,
              contentType: 'application/json',
              messageId: event.id,
              type: event.type,
              timestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
            },
            (error: unknown) => {
              clearTimeout(timer);
              if (error) reject(error instanceof Error ? error : new Error(`RabbitMQ refused event ${event.id}`));
              else resolve();
            },
          );
        } catch (error) {
          clearTimeout(timer);
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    },

    async close() {
      closed = true;
      const last = link ?? (await opening?.catch(() => null)) ?? null;
      link = null;
      if (last) await closeWithin(last.connection, timeoutMs).catch(() => {});
    },
  };
}
