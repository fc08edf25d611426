import { connect, type ChannelModel, type ConfirmChannel, type ConsumeMessage } from 'amqplib';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger';
import { cancellableDelay } from './backoff';
import { closeWithin } from './close-within';
import { watchConnectAttempts } from './connect-attempts';
import { EVENTS_EXCHANGE, parseDomainEvent, type DomainEvent } from './domain-event';
import { queueExists, queuePlanOf, type ConsumerQueue } from './consumer-queue';
import { consumedCounter, consumerConnectedGauge, deadLetteredCounter, queueDepthGauge } from './event-metrics';
import { refuseMalformed, takeEvent, type RetryingConsumer } from './redelivery';

// Re-exported: importers (services, tests, tools reading dead letters) have always found these here.
export {
  ATTEMPTS_HEADER,
  DEAD_LETTERED_AT_HEADER,
  FAILURE_REASON_HEADER,
  ORIGINAL_EXCHANGE_HEADER,
  ORIGINAL_QUEUE_HEADER,
  ORIGINAL_ROUTING_KEY_HEADER,
  deadLetterQueueOf,
} from './redelivery-headers';
export type { ConsumerQueue, InstanceQueue } from './consumer-queue';
export { replicaQueue } from './consumer-queue';

/** How long opening a connection to the broker may take. */
const CONNECT_TIMEOUT_MS = 5_000;

/** What a service hands each consumer it starts: the broker, its logger and metrics, how often an event may fail. */
export type ConsumerContext = Pick<ConsumerOptions, 'url' | 'logger' | 'registry' | 'maxAttempts'>;

/** A service's consumer context from its configuration (RABBITMQ_URL, EVENTS_MAX_ATTEMPTS: events-env.ts). */
export function consumerContext(config: { RABBITMQ_URL: string; EVENTS_MAX_ATTEMPTS: number }, logger: Logger, registry?: Registry): ConsumerContext {
  return { url: config.RABBITMQ_URL, logger, registry, maxAttempts: config.EVENTS_MAX_ATTEMPTS };
}

export interface ConsumerOptions {
  url: string;
  /**
   * A durable queue of this consumer's own (e.g. `users.auth-events`); it keeps events while the service is down.
   * Or `{ exclusive: label }`: a server-named, exclusive, auto-deleted queue of this process alone, declared again
   * on each reconnect, for events every instance must see; nothing is kept while the connection is down. Or an
   * InstanceQueue: a queue of this process alone that keeps events while its connection is down, consumed again
   * on reconnect and deleted on close (each router's order events, each replica's announcements from the others:
   * replicaQueue). See consumer-queue.ts.
   */
  queue: ConsumerQueue;
  /** Topic binding keys on `flores.events`, e.g. `auth.account.*`. */
  bindings: string[];
  /**
   * Must be idempotent: an event can arrive more than once. A rejection tries the event again after a delay,
   * until it has failed `maxAttempts` times: then it is moved to the dead-letter queue (see `startConsumer`); a
   * MalformedEvent is moved there at once. What it resolves to is logged (debug) as the outcome. Usually
   * `byContract(...).handle` (contracts/by-contract.ts), spread in with its bindings.
   */
  handle: (event: DomainEvent) => Promise<unknown>;
  logger: Logger;
  /** Failures of one event (interrupted handlings included) before it is given up on. Default 8 (EVENTS_MAX_ATTEMPTS). */
  maxAttempts?: number;
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
  /** Whether it consumes from its queue now: false from a lost connection until it consumes again (its backlog then flows in). */
  readonly consuming: boolean;
  /**
   * Stops taking events and waits for those being handled; events waiting for a retry are put back at once (their
   * attempt counted); then disconnects.
   */
  close(): Promise<void>;
}

/**
 * Consumes domain events from a queue (durable, exclusive to this connection, or this process's own: see
 * consumer-queue.ts) bound to `flores.events`. Resolves once the queue is declared and bound (so no event published
 * afterwards is missed); after a broker restart or a lost connection it reconnects with backoff and declares
 * everything again (`consuming` is false meanwhile).
 *
 * Failures are counted in the message itself, so the count survives redeliveries and restarts (classic queues
 * count nothing): a failed event waits (`retryDelayMs`, doubling up to `maxRetryDelayMs`), then a copy carrying
 * `x-attempts` = failures so far and `x-failure-reason` is published to the same queue (default exchange,
 * confirmed) and the original acknowledged. An event that comes back redelivered (its handling was cut short by a
 * lost connection or a crash) counts that as an attempt and is republished before it is handled again, so even an
 * event that crashes the process is given up on (not in a process's own queue: there it is handled in its place,
 * keeping the order of the backlog; the handler must take a duplicate). After `maxAttempts` failures a durable
 * queue's event goes to `<queue>.dead` (durable, declared with the queue; headers: attempts, reason, original
 * queue, exchange and routing key, time) and the original is acknowledged; an exclusive or a process's own queue's
 * event is dropped with an error log (nobody would read a dead-letter queue of a process that is gone). A
 * malformed message (not an envelope, or a MalformedEvent from the handler: its payload fails its contract) goes
 * the same way at once, with the reason, since no retry can mend it. Other
 * events keep flowing meanwhile. The retry and dead-letter steps are in redelivery.ts and dead-letters.ts; the
 * header names in redelivery-headers.ts.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const plan = queuePlanOf(options.queue);
  const { label, deadLetterQueue } = plan;
  const logger = options.logger.child({ component: 'event-consumer', queue: label, ...(plan.ownedByProcess ? { queueName: plan.name } : {}) });
  const retryDelayMs = options.retryDelayMs ?? 5_000;
  const maxRetryDelayMs = Math.max(retryDelayMs, options.maxRetryDelayMs ?? 300_000);
  const maxAttempts = Math.max(1, options.maxAttempts ?? 8);
  const inFlight = new Set<Promise<void>>();
  const retryWaits = new Set<{ cancel: () => void }>();
  let closing = false;
  let consumedBefore = false;
  let current: { channel: ConfirmChannel; consumerTag: string; queue: string } | null = null;
  const consumed = options.registry ? consumedCounter(options.registry) : null;
  const count = (outcome: 'handled' | 'failed' | 'dropped') => consumed?.inc({ queue: label, outcome });
  for (const outcome of ['handled', 'failed', 'dropped'] as const) consumed?.inc({ queue: label, outcome }, 0);
  const deadLettered = options.registry && deadLetterQueue ? deadLetteredCounter(options.registry) : null;
  deadLettered?.inc({ queue: label }, 0); // a series from the start, so the first dead letter shows in increase()
  // What the retry and dead-letter steps (redelivery.ts, dead-letters.ts) use of this consumer. `handle` is called
  // on `options`, so a handler passed as a method keeps its `this`.
  const redelivery: RetryingConsumer = {
    label,
    deadLetterQueue,
    logger,
    handle: (event) => options.handle(event),
    maxAttempts,
    // A process's own queue is redelivered to only after a lost connection of a living process (a crashed one's is
    // never consumed again): no crash to count, and putting the event at the back would break the backlog's order.
    countsInterruptions: !plan.ownedByProcess,
    retryDelayMs,
    maxRetryDelayMs,
    pause,
    settle,
    count,
    deadLettered,
  };

  const onMessage = (model: ChannelModel, channel: ConfirmChannel, queue: string) => (message: ConsumeMessage | null) => {
    if (message === null) {
      // The broker cancelled the consumer (its queue was deleted): reconnecting declares it again.
      if (!closing) model.close().catch(() => {});
      return;
    }
    const event = parseDomainEvent(message.content);
    const work = (event ? takeEvent(redelivery, channel, queue, message, event) : refuseMalformed(redelivery, channel, message)).finally(() =>
      inFlight.delete(work),
    );
    inFlight.add(work);
  };

  /** Waits `ms`, unless the consumer is closing (closing cuts every wait short). */
  async function pause(ms: number): Promise<void> {
    if (closing) return;
    const wait = cancellableDelay(ms);
    retryWaits.add(wait);
    await wait.done;
    retryWaits.delete(wait);
  }

  const connection = await connect(options.url, {
    timeout: CONNECT_TIMEOUT_MS,
    clientProperties: { connection_name: `consumer ${label}` },
    recovery: {
      initialDelay: 250,
      // At most 2 s between attempts: events wait in durable queues meanwhile, and a router's own queue exists
      // only while connected, so every second without it is live updates lost (a 15 s ceiling lost most of them).
      maxDelay: 2_000,
      waitForConnect: false,
      initialMaxRetries: Math.max(0, (options.startAttempts ?? 4) - 1),
      setup: async (model: ChannelModel) => {
        // First: the library listens to a connection only once its setup is done, so an error while this runs
        // (the connection lost as its channel opens) would otherwise end the process unheard. Kept for the
        // connection's life (also one closed when its setup failed or the consumer stopped meanwhile); at debug
        // level, since once set up the library's listener passes errors on to the one below, which warns.
        model.on('error', (error: Error) => logger.debug({ err: error }, 'RabbitMQ connection error'));
        // A confirm channel: retries and dead letters are republished on it, and must be confirmed before the original is acknowledged.
        const channel = await model.createConfirmChannel();
        await channel.assertExchange(EVENTS_EXCHANGE, 'topic', { durable: true });
        // An exclusive queue dies with its connection, so each (re)connect declares a new one under a new name; a
        // process's own queue is the same one again, unless the broker deleted it meanwhile (x-expires).
        if (plan.ownedByProcess && consumedBefore && !(await queueExists(model, plan.name))) {
          logger.error({ queueName: plan.name }, "this process's queue expired while it was disconnected: the events of that time are lost to it");
        }
        const { queue } = await channel.assertQueue(plan.name, plan.declare);
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
        consumedBefore = true;
      },
    },
  });
  const attempts = watchConnectAttempts(connection);
  connection.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ connection error'));
  connection.on('disconnect', (error: Error) => {
    current = null; // its channel is gone with it (its own close event may come later)
    logger.warn({ err: error }, 'lost the RabbitMQ connection; reconnecting');
  });
  connection.on('reconnect-scheduled', ({ attempt, delay }: { attempt: number; delay: number }) =>
    logger.info({ attempt, delayMs: delay }, 'reconnecting to RabbitMQ'),
  );
  connection.on('connect', () => logger.info({ bindings: options.bindings, maxAttempts }, 'consuming events'));
  await connection.waitForConnect();
  // Read from the broker at scrape time, on the consuming channel (an exclusive queue is only visible to it).
  const depth = options.registry ? queueDepthGauge(options.registry) : null;
  const unwatchDepth = depth?.watch(label, async () => (current ? (await current.channel.checkQueue(current.queue)).messageCount : undefined)) ?? (() => {});
  const isConsuming = () => current !== null && !closing;
  const unwatchConnected = options.registry ? consumerConnectedGauge(options.registry).watch(label, async () => (isConsuming() ? 1 : 0)) : () => {};
  // Dead letters waiting for someone to look at them (declaring an existing queue again just reports it).
  const unwatchDeadLetters =
    depth && deadLetterQueue
      ? depth.watch(deadLetterQueue, async () => (current ? (await current.channel.assertQueue(deadLetterQueue, { durable: true })).messageCount : undefined))
      : () => {};

  return {
    get consuming() {
      return isConsuming();
    },
    async close() {
      if (closing) return;
      closing = true;
      unwatchDepth();
      unwatchConnected();
      unwatchDeadLetters();
      if (current) await current.channel.cancel(current.consumerTag).catch(() => {});
      // Events waiting for a retry are republished now, their attempt counted, rather than returned uncounted.
      for (const wait of retryWaits) wait.cancel();
      await Promise.allSettled([...inFlight]);
      // A process's own queue is of no use once it is gone; if the connection is down now, x-expires removes it.
      if (plan.ownedByProcess && current)
        await current.channel
          .deleteQueue(current.queue)
          .catch((error: unknown) => logger.warn({ err: error }, "could not delete this process's queue; the broker will once it expires"));
      // The channel first: its frames go out in order, so the acks above reach the broker (closing the connection
      // alone can lose the last ones, and their events would come back). Anything unacknowledged returns to the queue.
      await current?.channel.close().catch(() => {});
      // Right before closing (a reconnect may have started meanwhile): see connect-attempts.ts.
      await attempts.ended(CONNECT_TIMEOUT_MS * 2);
      await closeWithin(connection, CONNECT_TIMEOUT_MS);
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
