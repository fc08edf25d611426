import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type GetMessage } from 'amqplib';
import { Registry } from 'prom-client';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../test/support/test-env';
import { createLogger } from '../logger';
import { metricSeries } from '../metrics.test-support';
import { ATTEMPTS_HEADER, deadLetterQueueOf, FAILURE_REASON_HEADER, startConsumer, type RunningConsumer } from './consumer';
import { byContract, eventContract, eventOf, on } from './contracts';
import { EVENTS_EXCHANGE } from './domain-event';
import { createEventPublisher } from './publisher';

const logger = createLogger('malformed-events-test', 'silent');

describe('a consumer bound by contract, on RabbitMQ', () => {
  // A type and queue of this run's own, so other runs' events never match.
  const run = randomUUID().replaceAll('-', '');
  const delivery = eventContract(`test.malformed.t${run}`, 1, z.object({ orderId: z.string(), productIds: z.array(z.string()).min(1) }));
  const queue = `test.malformed.${run}`;
  let admin: ChannelModel;
  let consumer: RunningConsumer | undefined;

  beforeAll(async () => {
    admin = await connect(testEnv.RABBITMQ_URL);
  });
  afterAll(async () => {
    await consumer?.close();
    const channel = await admin.createChannel();
    await channel.deleteQueue(queue);
    await channel.deleteQueue(deadLetterQueueOf(queue));
    await admin.close();
  });

  const pause = () => new Promise((resolve) => setTimeout(resolve, 25));
  const takeFrom = async (name: string, timeoutMs = 10_000): Promise<GetMessage> => {
    const channel = await admin.createChannel();
    try {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await pause()) {
        const message = await channel.get(name, { noAck: true });
        if (message) return message;
      }
      throw new Error(`nothing arrived in ${name}`);
    } finally {
      await channel.close();
    }
  };

  it('dead-letters a payload its contract refuses at once, with the reason, and one that is no envelope; handles the rest', async () => {
    const registry = new Registry();
    const handled: string[] = [];
    consumer = await startConsumer({
      url: testEnv.RABBITMQ_URL,
      queue,
      logger,
      registry,
      maxAttempts: 8,
      retryDelayMs: 60_000, // a retry would outlast the test: only an immediate dead letter passes
      ...byContract(on(delivery, async ({ orderId }) => void handled.push(orderId))),
    });
    const malformed = { ...eventOf(delivery, { orderId: 'o-1', productIds: ['p-1'] }), data: { orderId: 'o-1', productIds: [] } };
    const good = eventOf(delivery, { orderId: 'o-2', productIds: ['p-2'] });
    const publisher = createEventPublisher({ url: testEnv.RABBITMQ_URL, logger });
    await publisher.publish(malformed);
    const channel = await admin.createConfirmChannel();
    channel.publish(EVENTS_EXCHANGE, delivery.type, Buffer.from('not json'), { messageId: 'garbage' });
    await channel.waitForConfirms();
    await channel.close();
    await publisher.publish(good);
    await publisher.close();

    // Both are given up on concurrently: either may reach the dead letters first.
    const deadLetters = [await takeFrom(deadLetterQueueOf(queue)), await takeFrom(deadLetterQueueOf(queue))];
    const dead = deadLetters.find((message) => message.properties.messageId === malformed.id)!;
    expect(JSON.parse(dead.content.toString())).toEqual(malformed);
    expect(dead.properties.headers).toMatchObject({
      [ATTEMPTS_HEADER]: 1,
      [FAILURE_REASON_HEADER]: `MalformedEvent: ${delivery.type} v1 ${malformed.id}: data.productIds: Too small: expected array to have >=1 items`,
      'x-original-queue': queue,
      'x-original-routing-key': delivery.type,
    });
    const garbage = deadLetters.find((message) => message.properties.messageId === 'garbage')!;
    expect(garbage.content.toString()).toBe('not json');
    expect(garbage.properties.headers?.[FAILURE_REASON_HEADER]).toMatch(/^MalformedEvent: not a domain event envelope/);

    for (const deadline = Date.now() + 10_000; handled.length === 0 && Date.now() < deadline;) await pause();
    expect(handled).toEqual(['o-2']); // the malformed one never reached the handler
    expect((await metricSeries(registry, 'events_dead_lettered_total')).get(JSON.stringify({ queue }))).toBe(2);
  });
});
