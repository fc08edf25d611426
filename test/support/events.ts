import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { deadLetterQueueOf, startConsumer } from '../../runtime/events/consumer';
import { EVENTS_EXCHANGE, type DomainEvent } from '../../runtime/events/domain-event';
import { createLogger } from '../../runtime/logger';
import { testEnv } from './test-env';

/** Captures domain events from the real RabbitMQ (tests' vhost) on a queue of its own, deleted by `stop`. */
export async function captureEvents(bindings: string[]) {
  const events: DomainEvent[] = [];
  const queue = `test.capture.${randomUUID()}`;
  const consumer = await startConsumer({
    url: testEnv.RABBITMQ_URL,
    queue,
    bindings,
    handle: async (event) => void events.push(event),
    logger: createLogger('event-capture', 'silent'),
  });
  return {
    events,
    async waitFor(match: (event: DomainEvent) => boolean, timeoutMs = 10_000): Promise<DomainEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms; got ${events.map((event) => event.type).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async stop() {
      await consumer.close();
      const connection = await connect(testEnv.RABBITMQ_URL);
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueueOf(queue));
      await connection.close();
    },
  };
}

/** Publishes an event to the real RabbitMQ (tests' vhost) as a service's outbox relay would, once the broker confirmed it. */
export async function publishEvent(event: DomainEvent): Promise<void> {
  const connection = await connect(testEnv.RABBITMQ_URL);
  try {
    const channel = await connection.createConfirmChannel();
    channel.publish(EVENTS_EXCHANGE, event.type, Buffer.from(JSON.stringify(event)), { persistent: true, messageId: event.id, type: event.type });
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
}

export { eventually } from './eventually';
