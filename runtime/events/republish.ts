import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { Logger } from '../logger';

/** What republishing a message needs from the consumer that took it. */
export interface RepublishingConsumer {
  logger: Logger;
  /** The first retry delay; also how long a message that could not be republished waits before it goes back. */
  retryDelayMs: number;
  /** Waits `ms`, unless the consumer is closing (closing cuts every wait short). */
  pause: (ms: number) => Promise<void>;
  /** Acks or nacks; if the channel is gone, the broker redelivers the message anyway. */
  settle: (action: () => void) => void;
}

/** How long a republished copy may wait for the broker's confirm before the original is returned to the queue instead. */
const CONFIRM_TIMEOUT_MS = 10_000;

/**
 * Publishes the message's content with `headers` to `queue` through the default exchange and waits for the
 * broker's confirm. On failure the original is returned to the queue (it comes back redelivered, and counted).
 * Resolves whether the copy is confirmed, i.e. whether the caller may acknowledge the original.
 */
export async function republish(
  consumer: RepublishingConsumer,
  channel: ConfirmChannel,
  queue: string,
  message: ConsumeMessage,
  headers: Record<string, unknown>,
): Promise<boolean> {
  // amqplib types a received message's properties loosely; they are the ones it was published with.
  const properties = message.properties as Options.Publish;
  // The copy keeps the original's properties, so to a handler it is the same event.
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
    await publishConfirmed(channel, queue, message.content, publishOptions);
    return true;
  } catch (error) {
    consumer.logger.warn({ err: error, messageId: properties.messageId, to: queue }, 'could not republish an event; returning it to the queue');
    // Not at once: a broker refusing every publish must not turn this into a tight loop.
    await consumer.pause(consumer.retryDelayMs);
    consumer.settle(() => channel.nack(message, false, true));
    return false;
  }
}

/** Resolves once the broker confirms the publish; rejects on a refusal, a throw, or no confirm in time (a lost connection may never answer). */
function publishConfirmed(channel: ConfirmChannel, queue: string, content: Buffer, publishOptions: Options.Publish): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no confirm within ${CONFIRM_TIMEOUT_MS} ms`)), CONFIRM_TIMEOUT_MS);
    try {
      channel.publish('', queue, content, publishOptions, (error: unknown) => {
        clearTimeout(timer);
        if (error) reject(error instanceof Error ? error : new Error(`the broker refused it: ${JSON.stringify(error)}`));
        else resolve();
      });
    } catch (error) {
      clearTimeout(timer);
      reject(error instanceof Error ? error : new Error(`the publish threw: ${JSON.stringify(error)}`));
    }
  });
}
