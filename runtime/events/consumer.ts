import { connect, type ChannelModel, type ConfirmChannel, type ConsumeMessage, type Options } from 'amqplib';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger';
import { backoffCeiling, cancellableDelay } from './backoff';
import { EVENTS_EXCHANGE, parseDomainEvent, type DomainEvent } from './domain-event';
import { consumedCounter, deadLetteredCounter, queueDepthGauge } from './event-metrics';

/** How many times the event in a message has failed (or its handling was cut short) so far; set on each retry. */
export const ATTEMPTS_HEADER = 'x-attempts';
/** Why the last attempt failed (the error's message). */
export const FAILURE_REASON_HEADER = 'x-failure-reason';
/** On a dead letter: the queue, exchange and routing key it was consumed from, and when it was given up on. */
export const ORIGINAL_QUEUE_HEADER = 'x-original-queue';
export const ORIGINAL_EXCHANGE_HEADER = 'x-original-exchange';
export const ORIGINAL_ROUTING_KEY_HEADER = 'x-original-routing-key';
export const DEAD_LETTERED_AT_HEADER = 'x-dead-lettered-at';

/** The durable queue where a consumer of the durable queue `queue` puts the events it gave up on. */
export const deadLetterQueueOf = (queue: string) => `${queue}.dead`;

/** What a service's configuration sets for each consumer it starts (EVENTS_MAX_ATTEMPTS, see events-env.ts). */
export interface ConsumerSettings {
  maxAttempts?: number;
}

export interface ConsumerOptions extends ConsumerSettings {
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
  /**
   * Must be idempotent: an event can arrive more than once. A rejection tries the event again after a delay,
   * until it has failed `maxAttempts` times: then it is moved to the dead-letter queue (see `startConsumer`).
   */
  handle: (event: DomainEvent) => Promise<void>;
  logger: Logger;
  /** Events handled at the same time (unacknowledged at most). Default 10. */
  prefetch?: number;
  /** How long an event waits after its first failure before it is tried again; doubles with each failure. Default 5 s. */
  retryDelayMs?: number;
  /**
   * The longest wait between two attempts. Default 5 min: the event stays unacknowledged meanwhile, and RabbitMQ
   * closes a channel holding one longer than its `consumer_timeout` (30 min by default).
   */
  maxRetryDelayMs?: number;
  /** Connection attempts at start before `startConsumer` rejects (afterwards it reconnects forever). Default 4. */
  startAttempts?: number;
  /**
   * The service's metrics: queue depth (`events_queue_depth`, also of the dead-letter queue), outcomes
   * (`events_consumed_total`) and events given up on (`events_dead_lettered_total`), by queue label.
   */
  registry?: Registry;
}

export interface RunningConsumer {
  /**
   * Stops taking events and waits for those being handled; events waiting for a retry are put back at once (their
   * attempt counted); then disconnects.
   */
  close(): Promise<void>;
}

/** Longest failure reason kept in a header. */
const MAX_REASON_LENGTH = 1_000;
/** How long a republished copy may wait for the broker's confirm before the original is returned to the queue instead. */
const CONFIRM_TIMEOUT_MS = 10_000;
const INTERRUPTED = 'its handling was interrupted (the connection to RabbitMQ was lost, or the process stopped or crashed)';

/**
 * Consumes domain events from a queue (durable, or exclusive to this process) bound to `flores.events`. Resolves once the queue is declared
 * and bound (so no event published afterwards is missed); after a broker restart or a lost connection it
 * reconnects with backoff and declares everything again.
 *
 * Failures are counted in the message itself, so the count survives redeliveries and restarts (classic queues
 * count nothing): a failed event waits (`retryDelayMs`, doubling up to `maxRetryDelayMs`), then a copy carrying
 * `x-attempts` = failures so far and `x-failure-reason` is published to the same queue (default exchange,
 * confirmed) and the original acknowledged. An event that comes back redelivered (its handling was cut short by a
 * lost connection or a crash) counts that as an attempt and is republished before it is handled again, so even an
 * event that crashes the process is given up on. After `maxAttempts` failures a durable queue's event goes to
 * `<queue>.dead` (durable, declared with the queue; headers: attempts, reason, original queue, exchange and routing
 * key, time) and the original is acknowledged; an exclusive queue's event is dropped with an error log (nobody
 * would read a dead-letter queue of a process that is gone). Other events keep flowing meanwhile.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const exclusive = typeof options.queue !== 'string';
  const label = typeof options.queue === 'string' ? options.queue : options.queue.exclusive;
  const deadLetterQueue = exclusive ? null : deadLetterQueueOf(label);
  const logger = options.logger.child({ component: 'event-consumer', queue: label });
  const retryDelayMs = options.retryDelayMs ?? 5_000;
  const maxRetryDelayMs = Math.max(retryDelayMs, options.maxRetryDelayMs ?? 300_000);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const inFlight = new Set<Promise<void>>();
  const retryWaits = new Set<{ cancel: () => void }>();
  let closing = false;
  let current: { channel: ConfirmChannel; consumerTag: string; queue: string } | null = null;
  const consumed = options.registry ? consumedCounter(options.registry) : null;
  const count = (outcome: 'handled' | 'failed' | 'dropped') => consumed?.inc({ queue: label, outcome });
  const deadLettered = options.registry && deadLetterQueue ? deadLetteredCounter(options.registry) : null;
  deadLettered?.inc({ queue: label }, 0); // a series from the start, so the first dead letter shows in increase()

  const onMessage = (model: ChannelModel, channel: ConfirmChannel, queue: string) => (message: ConsumeMessage | null) => {
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
    const work = take(channel, queue, message, event).finally(() => inFlight.delete(work));
    inFlight.add(work);
  };

  /** Handles one event; never rejects. */
  async function take(channel: ConfirmChannel, queue: string, message: ConsumeMessage, event: DomainEvent): Promise<void> {
    const before = attemptsOf(message);
    const context = { eventId: event.id, eventType: event.type };
    if (message.fields.redelivered) {
      // Its last handling never ended here: count it, in the message, before the next one (which might crash too).
      const attempts = before + 1;
      logger.warn({ ...context, attempts, maxAttempts }, 'an event came back unacknowledged; counting the interrupted attempt');
      if (attempts >= maxAttempts) await giveUp(channel, message, event, attempts, INTERRUPTED);
      else await retry(channel, queue, message, attempts, INTERRUPTED);
      return;
    }
    try {
      await options.handle(event);
      count('handled');
      settle(() => channel.ack(message));
      return;
    } catch (error) {
      count('failed');
      const attempts = before + 1;
      const reason = describe(error);
      if (attempts >= maxAttempts) {
        logger.error({ err: error, ...context, attempts, maxAttempts }, 'event handling failed; giving up on the event');
        await giveUp(channel, message, event, attempts, reason);
        return;
      }
      const delay = backoffCeiling(attempts, retryDelayMs, maxRetryDelayMs);
      logger.error({ err: error, ...context, attempts, maxAttempts, retryInMs: delay }, 'event handling failed; retrying later');
      // Wait before trying again, so a failing dependency is not hammered in a tight loop; closing cuts the wait short.
      await pause(delay);
      await retry(channel, queue, message, attempts, reason);
    }
  }

  /** Waits `ms`, unless the consumer is closing (closing cuts every wait short). */
  async function pause(ms: number): Promise<void> {
    if (closing) return;
    const wait = cancellableDelay(ms);
    retryWaits.add(wait);
    await wait.done;
    retryWaits.delete(wait);
  }

  /** Puts a copy counting `attempts` at the back of the queue, then acknowledges the original. */
  async function retry(channel: ConfirmChannel, queue: string, message: ConsumeMessage, attempts: number, reason: string): Promise<void> {
    const headers: Record<string, unknown> = { ...message.properties.headers, ...originOf(message), [ATTEMPTS_HEADER]: attempts, [FAILURE_REASON_HEADER]: reason };
    // A dead letter moved back for a replay starts counting again: its copies must not look like dead letters any more.
    delete headers[DEAD_LETTERED_AT_HEADER];
    delete headers[ORIGINAL_QUEUE_HEADER];
    if (await republish(channel, queue, message, headers)) settle(() => channel.ack(message));
  }

  async function giveUp(channel: ConfirmChannel, message: ConsumeMessage, event: DomainEvent, attempts: number, reason: string): Promise<void> {
    const context = { eventId: event.id, eventType: event.type, attempts, reason };
    if (!deadLetterQueue) {
      logger.error(context, 'dropping an event that failed too often (a queue of this process alone keeps no dead letters)');
      count('dropped');
      settle(() => channel.nack(message, false, false));
      return;
    }
    const headers = {
      ...message.properties.headers,
      [ATTEMPTS_HEADER]: attempts,
      [FAILURE_REASON_HEADER]: reason,
      ...originOf(message),
      [ORIGINAL_QUEUE_HEADER]: label,
      [DEAD_LETTERED_AT_HEADER]: new Date().toISOString(),
    };
    if (!(await republish(channel, deadLetterQueue, message, headers))) return;
    deadLettered?.inc({ queue: label });
    logger.error({ ...context, deadLetterQueue }, 'moved an event that failed too often to the dead-letter queue');
    settle(() => channel.ack(message));
  }

  /**
   * Publishes the message's content with `headers` to `queue` through the default exchange and waits for the
   * broker's confirm. On failure the original is returned to the queue (it comes back redelivered, and counted).
   */
  async function republish(channel: ConfirmChannel, queue: string, message: ConsumeMessage, headers: Record<string, unknown>): Promise<boolean> {
    const { properties } = message;
    const publishOptions: Options.Publish = {
      persistent: true,
      headers,
      contentType: properties.contentType,
      contentEncoding: properties.contentEncoding,
      messageId: properties.messageId,
      type: properties.type,
      timestamp: properties.timestamp,
      appId: properties.appId,
      correlationId: properties.correlationId,
    };
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no confirm within ${CONFIRM_TIMEOUT_MS} ms`)), CONFIRM_TIMEOUT_MS);
        try {
          channel.publish('', queue, message.content, publishOptions, (error: unknown) => {
            clearTimeout(timer);
            if (error) reject(error instanceof Error ? error : new Error(String(error)));
            else resolve();
          });
        } catch (error) {
          clearTimeout(timer);
          reject(error);
        }
      });
      return true;
    } catch (error) {
      logger.warn({ err: error, messageId: properties.messageId, to: queue }, 'could not republish an event; returning it to the queue');
      // Not at once: a broker refusing every publish must not turn this into a tight loop.
      await pause(retryDelayMs);
      settle(() => channel.nack(message, false, true));
      return false;
    }
  }

  const connection = await connect(options.url, {
    timeout: 5_000,
    clientProperties: { connection_name: `consumer ${label}` },
    recovery: {
      initialDelay: 250,
      maxDelay: 15_000,
      waitForConnect: false,
      initialMaxRetries: Math.max(0, (options.startAttempts ?? 4) - 1),
      setup: async (model: ChannelModel) => {
        // A confirm channel: retries and dead letters are republished on it, and must be confirmed before the original is acknowledged.
        const channel = await model.createConfirmChannel();
        await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
        // An exclusive queue dies with its connection, so each (re)connect declares a new one under a new name.
        const { queue } = exclusive
          ? await channel.assertQueue('', { exclusive: true, autoDelete: true, durable: false })
          : await channel.assertQueue(label, { durable: true });
        if (deadLetterQueue) await channel.assertQueue(deadLetterQueue, { durable: true });
        for (const binding of options.bindings) await channel.bindQueue(queue, EVENTS_EXCHANGE, binding);
        await channel.prefetch(options.prefetch ?? 10);
        channel.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ channel error'));
        channel.on('close', () => {
          if (current?.channel === channel) current = null;
          // A channel can die alone (e.g. a broker-side error); closing the connection makes recovery start over.
          if (!closing) model.close().catch(() => {});
        });
        const { consumerTag } = await channel.consume(queue, onMessage(model, channel, queue));
        current = { channel, consumerTag, queue };
      },
    },
  });
  connection.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ connection error'));
  connection.on('disconnect', (error: Error) => logger.warn({ err: error }, 'lost the RabbitMQ connection; reconnecting'));
  connection.on('reconnect-scheduled', ({ attempt, delay }: { attempt: number; delay: number }) =>
    logger.info({ attempt, delayMs: delay }, 'reconnecting to RabbitMQ'),
  );
  connection.on('connect', () => logger.info({ bindings: options.bindings, maxAttempts }, 'consuming events'));
  await connection.waitForConnect();
  // Read from the broker at scrape time, on the consuming channel (an exclusive queue is only visible to it).
  const depth = options.registry ? queueDepthGauge(options.registry) : null;
  const unwatchDepth = depth?.watch(label, async () => (current ? (await current.channel.checkQueue(current.queue)).messageCount : undefined)) ?? (() => {});
  // Dead letters waiting for someone to look at them (declaring an existing queue again just reports it).
  const unwatchDeadLetters =
    depth && deadLetterQueue
      ? depth.watch(deadLetterQueue, async () => (current ? (await current.channel.assertQueue(deadLetterQueue, { durable: true })).messageCount : undefined))
      : () => {};

  return {
    async close() {
      if (closing) return;
      closing = true;
      unwatchDepth();
      unwatchDeadLetters();
      if (current) await current.channel.cancel(current.consumerTag).catch(() => {});
      // Events waiting for a retry are republished now, their attempt counted, rather than returned uncounted.
      for (const wait of retryWaits) wait.cancel();
      await Promise.allSettled([...inFlight]);
      // The channel first: its frames go out in order, so the acks above reach the broker (closing the connection
      // alone can lose the last ones, and their events would come back). Anything unacknowledged returns to the queue.
      await current?.channel.close().catch(() => {});
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

/** Where the event was first published (a retried copy comes from the default exchange, so the first copy records it). */
function originOf(message: ConsumeMessage): Record<string, string> {
  const headers = message.properties.headers ?? {};
  const recorded = typeof headers[ORIGINAL_EXCHANGE_HEADER] === 'string' && typeof headers[ORIGINAL_ROUTING_KEY_HEADER] === 'string';
  return {
    [ORIGINAL_EXCHANGE_HEADER]: recorded ? headers[ORIGINAL_EXCHANGE_HEADER] : message.fields.exchange,
    [ORIGINAL_ROUTING_KEY_HEADER]: recorded ? headers[ORIGINAL_ROUTING_KEY_HEADER] : message.fields.routingKey,
  };
}

/**
 * The attempts counted in a message so far: a positive integer header, else none. A dead letter moved back to
 * its queue (to replay it once the cause is fixed) starts again from none.
 */
function attemptsOf(message: ConsumeMessage): number {
  const headers = message.properties.headers ?? {};
  if (headers[DEAD_LETTERED_AT_HEADER] !== undefined) return 0;
  const value = Number(headers[ATTEMPTS_HEADER] ?? 0);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}
