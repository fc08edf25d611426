import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Counter } from 'prom-client';
import type { DomainEvent } from './domain-event';
import { ATTEMPTS_HEADER, DEAD_LETTERED_AT_HEADER, FAILURE_REASON_HEADER, ORIGINAL_QUEUE_HEADER, originOf } from './redelivery-headers';
import { republish, type RepublishingConsumer } from './republish';

/** What giving up on an event needs from the consumer that took it. */
export interface DeadLetteringConsumer extends RepublishingConsumer {
  /** The consumer's queue (or an exclusive queue's label): recorded on its dead letters, and their metrics label. */
  label: string;
  /** `<queue>.dead`; null for a queue of one process (exclusive, or its own), which keeps none. */
  deadLetterQueue: string | null;
  /** Counts an outcome in `events_consumed_total` (when the service has metrics). */
  count: (outcome: 'handled' | 'failed' | 'dropped') => void;
  /** `events_dead_lettered_total`, when the service has metrics and the queue keeps dead letters. */
  deadLettered: Counter<'queue'> | null;
}

/**
 * Gives up on an event that failed `attempts` times, or is malformed. A durable queue's goes to `<queue>.dead`
 * (headers: attempts, reason, original queue, exchange and routing key, time), then the original is acknowledged;
 * a queue of one process's is dropped with an error log (nobody would read a dead-letter queue of a process that
 * is gone).
 */
export async function giveUp(
  consumer: DeadLetteringConsumer,
  channel: ConfirmChannel,
  message: ConsumeMessage,
  event: Pick<DomainEvent, 'id' | 'type'>,
  attempts: number,
  reason: string,
): Promise<void> {
  const { label, deadLetterQueue, logger } = consumer;
  const context = { eventId: event.id, eventType: event.type, attempts, reason };
  if (!deadLetterQueue) {
    logger.error(context, 'dropping an event that failed too often, or is malformed (a queue of this process alone keeps no dead letters)');
    consumer.count('dropped');
    consumer.settle(() => channel.nack(message, false, false));
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
  // Acknowledged only once the dead letter is confirmed: otherwise the original went back to its queue.
  if (!(await republish(consumer, channel, deadLetterQueue, message, headers))) return;
  consumer.deadLettered?.inc({ queue: label });
  logger.error({ ...context, deadLetterQueue }, 'moved an event that failed too often, or is malformed, to the dead-letter queue');
  consumer.settle(() => channel.ack(message));
}
