import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { backoffCeiling } from './backoff';
import { giveUp, type DeadLetteringConsumer } from './dead-letters';
import type { DomainEvent } from './domain-event';
import { MalformedEvent } from './malformed-event';
import {
  ATTEMPTS_HEADER,
  DEAD_LETTERED_AT_HEADER,
  FAILURE_REASON_HEADER,
  ORIGINAL_QUEUE_HEADER,
  attemptsOf,
  failureReasonOf,
  originOf,
} from './redelivery-headers';
import { republish } from './republish';

/** What handling an event with retries needs from the consumer that took it. */
export interface RetryingConsumer extends DeadLetteringConsumer {
  handle: (event: DomainEvent) => Promise<unknown>;
  /** Failures (interrupted handlings included) after which the event is given up on; at least 1. */
  maxAttempts: number;
  /** Whether a redelivered message counts as an interrupted attempt and goes to the back of the queue (else it is handled in its place). */
  countsInterruptions: boolean;
  /** The longest wait between two attempts. */
  maxRetryDelayMs: number;
}

const INTERRUPTED = 'its handling was interrupted (the connection to RabbitMQ was lost, or the process stopped or crashed)';

/**
 * Handles one event, counting its attempts in the message. A failure waits (`retryDelayMs`, doubling up to
 * `maxRetryDelayMs`), then the event is put back with its count; a redelivered message (its handling was cut short)
 * is counted and put back before it is handled again, so even an event that crashes the process is given up on.
 * After `maxAttempts` the event is given up on (see `giveUp`); a MalformedEvent at once. Never rejects.
 */
export async function takeEvent(
  consumer: RetryingConsumer,
  channel: ConfirmChannel,
  queue: string,
  message: ConsumeMessage,
  event: DomainEvent,
): Promise<void> {
  const { logger, maxAttempts } = consumer;
  const before = attemptsOf(message);
  const context = { eventId: event.id, eventType: event.type };
  if (message.fields.redelivered && consumer.countsInterruptions) {
    // Its last handling never ended here: count it, in the message, before the next one (which might crash too).
    const attempts = before + 1;
    logger.warn({ ...context, attempts, maxAttempts }, 'an event came back unacknowledged; counting the interrupted attempt');
    if (attempts >= maxAttempts) await giveUp(consumer, channel, message, event, attempts, INTERRUPTED);
    else await retry(consumer, channel, queue, message, attempts, INTERRUPTED);
    return;
  }
  try {
    const outcome = await consumer.handle(event);
    logger.debug({ ...context, outcome }, 'event handled');
    consumer.count('handled');
    consumer.settle(() => channel.ack(message));
    return;
  } catch (error) {
    consumer.count('failed');
    const attempts = before + 1;
    const reason = failureReasonOf(error);
    if (error instanceof MalformedEvent) {
      await giveUp(consumer, channel, message, event, attempts, reason);
      return;
    }
    if (attempts >= maxAttempts) {
      logger.error({ err: error, ...context, attempts, maxAttempts }, 'event handling failed; giving up on the event');
      await giveUp(consumer, channel, message, event, attempts, reason);
      return;
    }
    const delay = backoffCeiling(attempts, consumer.retryDelayMs, consumer.maxRetryDelayMs);
    logger.error({ err: error, ...context, attempts, maxAttempts, retryInMs: delay }, 'event handling failed; retrying later');
    // Wait before trying again, so a failing dependency is not hammered in a tight loop; closing cuts the wait short.
    await consumer.pause(delay);
    await retry(consumer, channel, queue, message, attempts, reason);
  }
}

const NOT_AN_ENVELOPE = 'MalformedEvent: not a domain event envelope ({ id, type, occurredAt, data } in JSON)';

/** Gives up at once on a message that is not a domain event (no handler can take it, no retry mend it). Never rejects. */
export async function refuseMalformed(consumer: RetryingConsumer, channel: ConfirmChannel, message: ConsumeMessage): Promise<void> {
  consumer.count('failed');
  const unread = { id: String(message.properties.messageId ?? ''), type: message.fields.routingKey };
  await giveUp(consumer, channel, message, unread, attemptsOf(message) + 1, NOT_AN_ENVELOPE);
}

/**
 * Puts a copy counting `attempts` at the back of the queue (the default exchange routes it there alone, so no other
 * queue bound to the event sees it again), then acknowledges the original.
 */
async function retry(
  consumer: RetryingConsumer,
  channel: ConfirmChannel,
  queue: string,
  message: ConsumeMessage,
  attempts: number,
  reason: string,
): Promise<void> {
  const headers: Record<string, unknown> = {
    ...message.properties.headers,
    ...originOf(message),
    [ATTEMPTS_HEADER]: attempts,
    [FAILURE_REASON_HEADER]: reason,
  };
  // A dead letter moved back for a replay starts counting again: its copies must not look like dead letters any more.
  delete headers[DEAD_LETTERED_AT_HEADER];
  delete headers[ORIGINAL_QUEUE_HEADER];
  if (await republish(consumer, channel, queue, message, headers)) consumer.settle(() => channel.ack(message));
}
