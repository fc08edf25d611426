import { connect, type Channel, type ChannelModel, type ConsumeMessage } from 'amqplib';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger';
import { EVENTS_EXCHANGE, parseDomainEvent, type DomainEvent } from './domain-event';
import { consumedCounter, queueDepthGauge } from './event-metrics';

export interface ConsumerOptions {
  url: string;
  /**
   * A durable queue of this consumer's own (e.g. `users.auth-events`); it keeps events while the service is down.
   * Or `{ exclusive: label }`: a server-named, exclusive, auto-deleted queue of this process alone, declared again
   * on each reconnect, for events every instance must see (each router fans them out to its own subscribers);
   * nothing is kept while the process is away. The label names it in logs.
   */
  queue: string | { exclusive: string };
  /** Topic binding keys on `flores.events`, e.g. `auth.account.*`. */
  bindings: string[];
  /** Must be idempotent: an event can arrive more than once. A rejection redelivers the event after `retryDelayMs`. */
  handle: (event: DomainEvent) => Promise<void>;
  logger: Logger;
  /** Events handled at the same time (unacknowledged at most). Default 10. */
  prefetch?: number;
  /** How long a failed event waits before it goes back to the queue. Default 5 s. */
  retryDelayMs?: number;
  /** Connection attempts at start before `startConsumer` rejects (afterwards it reconnects forever). Default 4. */
  startAttempts?: number;
  /** The service's metrics: queue depth (`events_queue_depth`) and outcomes (`events_consumed_total`) by queue label. */
  registry?: Registry;
}

export interface RunningConsumer {
  /** Stops taking events, waits for those being handled, and disconnects; unacknowledged ones go back to the queue. */
  close(): Promise<void>;
}

/**
 * Consumes domain events from a queue (durable, or exclusive to this process) bound to `flores.events`. Resolves once the queue is declared
 * and bound (so no event published afterwards is missed); after a broker restart or a lost connection it
 * reconnects with backoff and declares everything again.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const exclusive = typeof options.queue !== 'string';
  const label = typeof options.queue === 'string' ? options.queue : options.queue.exclusive;
  const logger = options.logger.child({ component: 'event-consumer', queue: label });
  const retryDelayMs = options.retryDelayMs ?? 5_000;
  const inFlight = new Set<Promise<void>>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let closing = false;
  let current: { channel: Channel; consumerTag: string; queue: string } | null = null;
  const consumed = options.registry ? consumedCounter(options.registry) : null;
  const count = (outcome: 'handled' | 'failed' | 'dropped') => consumed?.inc({ queue: label, outcome });

  const onMessage = (model: ChannelModel, channel: Channel) => (message: ConsumeMessage | null) => {
    if (message === null) {
      // The broker cancelled the consumer (its queue was deleted): reconnecting declares it again.
      if (!closing) model.close().catch(() => {});
      return;
    }
    const event = parseDomainEvent(message.content);
    if (!event) {
      logger.error({ messageId: message.properties.messageId }, 'dropping a message that is not a domain event');
      count('dropped');
      settle(() => channel.nack(message, false, false));
      return;
    }
    const handling = options
      .handle(event)
      .then(
        () => {
          count('handled');
          settle(() => channel.ack(message));
        },
        (error: unknown) => {
          count('failed');
          logger.error({ err: error, eventId: event.id, eventType: event.type, redelivered: message.fields.redelivered }, 'event handling failed; retrying later');
          // Requeue after a pause, so a failing dependency is not hammered in a tight loop.
          const timer = setTimeout(() => {
            retryTimers.delete(timer);
            settle(() => channel.nack(message, false, true));
          }, retryDelayMs);
          retryTimers.add(timer);
        },
      )
      .finally(() => inFlight.delete(handling));
    inFlight.add(handling);
  };

  const connection = await connect(options.url, {
    timeout: 5_000,
    clientProperties: { connection_name: `consumer ${label}` },
    recovery: {
      initialDelay: 250,
      maxDelay: 15_000,
      waitForConnect: false,
      initialMaxRetries: Math.max(0, (options.startAttempts ?? 4) - 1),
      setup: async (model: ChannelModel) => {
        const channel = await model.createChannel();
        await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
        // An exclusive queue dies with its connection, so each (re)connect declares a new one under a new name.
        const { queue } = exclusive
          ? await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false })
          : await channel.assertQueue(label, { durable: true });
        for (const binding of options.bindings) await channel.bindQueue(queue, EVENTS_EXCHANGE, binding);
        await channel.prefetch(options.prefetch ?? 10);
        channel.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ channel error'));
        channel.on('close', () => {
          if (current?.channel === channel) current = null;
          // A channel can die alone (e.g. a broker-side error); closing the connection makes recovery start over.
          if (!closing) model.close().catch(() => {});
        });
        const { consumerTag } = await channel.consume(queue, onMessage(model, channel));
        current = { channel, consumerTag, queue };
      },
    },
  });
  connection.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ connection error'));
  connection.on('disconnect', (error: Error) => logger.warn({ err: error }, 'lost the RabbitMQ connection; reconnecting'));
  connection.on('reconnect-scheduled', ({ attempt, delay }: { attempt: number; delay: number }) =>
    logger.info({ attempt, delayMs: delay }, 'reconnecting to RabbitMQ'),
  );
  connection.on('connect', () => logger.info({ bindings: options.bindings }, 'consuming events'));
  await connection.waitForConnect();
  // Read from the broker at scrape time, on the consuming channel (an exclusive queue is only visible to it).
  const unwatchDepth = options.registry
    ? queueDepthGauge(options.registry).watch(label, async () => (current ? (await current.channel.checkQueue(current.queue)).messageCount : undefined))
    : () => {};

  return {
    async close() {
      if (closing) return;
      closing = true;
      unwatchDepth();
      if (current) await current.channel.cancel(current.consumerTag).catch(() => {});
      await Promise.allSettled([...inFlight]);
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      // Closing the connection returns every unacknowledged event (including those waiting to be retried) to the queue.
      await connection.close();
    },
  };

  /** Acks and nacks fail once the channel is gone; the broker then redelivers the message anyway. */
  function settle(action: () => void): void {
    try {
      action();
    } catch (error) {
      logger.debug({ err: error }, 'could not settle a message; the broker will redeliver it');
    }
  }
}
