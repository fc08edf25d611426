import type { ConsumeMessage } from 'amqplib';

// Classic queues count no deliveries, so a consumer keeps an event's history in the message's own headers: the
// count survives redeliveries and restarts, and a dead letter says where it came from and why it was given up on.

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

/** Longest failure reason kept in a header. */
const MAX_REASON_LENGTH = 1_000;

/**
 * The attempts counted in a message so far: a positive integer header, else none. A dead letter moved back to
 * its queue (to replay it once the cause is fixed) starts again from none.
 */
export function attemptsOf(message: ConsumeMessage): number {
  const headers = message.properties.headers ?? {};
  if (headers[DEAD_LETTERED_AT_HEADER] !== undefined) return 0;
  const value = Number(headers[ATTEMPTS_HEADER] ?? 0);
  return Number.isSafeInteger(value) && value > 0 ? value : 0;
}

/** Where the event was first published (a retried copy comes from the default exchange, so the first copy records it). */
export function originOf(message: ConsumeMessage): Record<string, string> {
  const headers: Record<string, unknown> = message.properties.headers ?? {};
  const exchange = headers[ORIGINAL_EXCHANGE_HEADER];
  const routingKey = headers[ORIGINAL_ROUTING_KEY_HEADER];
  const recorded = typeof exchange === 'string' && typeof routingKey === 'string';
  return {
    [ORIGINAL_EXCHANGE_HEADER]: recorded ? exchange : message.fields.exchange,
    [ORIGINAL_ROUTING_KEY_HEADER]: recorded ? routingKey : message.fields.routingKey,
  };
}

/** An error as a failure-reason header: name and message, cut short so a huge message cannot bloat every copy. */
export function failureReasonOf(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}
