import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../test/support/test-env';
import { createLogger } from '../logger';
import { closesAmqpConnection, opensAmqpChannel, startTcpProxy } from '../../test/support/tcp-proxy';
import { ATTEMPTS_HEADER, deadLetterQueueOf, FAILURE_REASON_HEADER, startConsumer, type ConsumerOptions, type RunningConsumer } from './consumer';
import { EVENTS_EXCHANGE, newDomainEvent, type DomainEvent } from './domain-event';
import { createEventPublisher } from './publisher';
import { metricSeries } from '../metrics.test-support';

const logger = createLogger('events-test', 'silent');
const brokerUrl = testEnv.RABBITMQ_URL;

/** A type of its own per test, so events of other tests (or processes) never match. */
const uniqueType = (name: string) => `test.${name}.t${randomUUID().replaceAll('-', '')}`;

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('domain events on RabbitMQ', () => {
  let admin: ChannelModel;
  const queues: string[] = [];
  const consumers: RunningConsumer[] = [];
  const queueName = () => {
    const name = `test.events.${randomUUID()}`;
    queues.push(name);
    return name;
  };
  const consume = async (bindings: string[], handle: (event: DomainEvent) => Promise<void>, extra: Partial<ConsumerOptions> = {}) => {
    const consumer = await startConsumer({ url: brokerUrl, queue: queueName(), bindings, handle, logger, ...extra });
    consumers.push(consumer);
    return consumer;
  };
  /** Publishes on a confirm channel of the test's own, as a relay does. */
  const publishAll = async (...events: DomainEvent[]) => {
    const publisher = createEventPublisher({ url: brokerUrl, logger });
    for (const event of events) await publisher.publish(event);
    await publisher.close();
  };
  /** Waits for a message in `queue` and takes it off (acknowledged). */
  const takeFrom = async (queue: string, timeoutMs = 10_000) => {
    const channel = await admin.createChannel();
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const message = await channel.get(queue, { noAck: true });
        if (message) return message;
        if (Date.now() > deadline) throw new Error(`nothing arrived in ${queue}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await channel.close();
    }
  };
  const messagesIn = async (queue: string) => {
    const channel = await admin.createChannel();
    const { messageCount } = await channel.checkQueue(queue);
    await channel.close();
    return messageCount;
  };

  beforeAll(async () => {
    admin = await connect(brokerUrl);
  });
  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.close()));
    const channel = await admin.createChannel();
    for (const queue of queues) {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetterQueueOf(queue));
    }
    await admin.close();
  });

  it('publishes a persistent JSON envelope, routed by its type, confirmed by the broker', async () => {
    const channel = await admin.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    const event = newDomainEvent(uniqueType('envelope'), { accountId: 'a-1', email: 'rosa@example.com' });
    await channel.bindQueue(queue, EVENTS_EXCHANGE, event.type);
    const publisher = createEventPublisher({ url: brokerUrl, logger });
    await publisher.publish(event);
    await publisher.close();

    let message = await channel.get(queue, { noAck: true });
    for (let tries = 0; !message && tries < 40; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      message = await channel.get(queue, { noAck: true });
    }
    expect(message).not.toBe(false);
    if (!message) return;
    expect(JSON.parse(message.content.toString())).toEqual(event);
    expect(message.fields.routingKey).toBe(event.type);
    expect(message.fields.exchange).toBe(EVENTS_EXCHANGE);
    expect(message.properties).toMatchObject({ deliveryMode: 2, contentType: 'application/json', messageId: event.id, type: event.type });
    await channel.close();
  });

  it('refuses to publish once closed, and fails (rather than hangs) when the broker cannot be reached', async () => {
    const closedBroker = await startTcpProxy(brokerUrl, false);
    const publisher = createEventPublisher({ url: closedBroker.url, logger, timeoutMs: 1_000 });
    await expect(publisher.publish(newDomainEvent(uniqueType('nowhere'), {}))).rejects.toThrow();
    await publisher.close();
    await expect(publisher.publish(newDomainEvent(uniqueType('closed'), {}))).rejects.toThrow(/closed/);
  });

  it('delivers the events matching the bindings to a durable queue, once each, acknowledged', async () => {
    // The wildcard's own part is unique too: `test.bound.*` would also match another run's events beside this one.
    const scope = `test.bound${randomUUID().replaceAll('-', '')}`;
    const type = `${scope}.placed`;
    const received: DomainEvent[] = [];
    await consume([`${scope}.*`], async (event) => {
      received.push(event);
    });
    const publisher = createEventPublisher({ url: brokerUrl, logger });
    const wanted = newDomainEvent(type, { n: 1 });
    await publisher.publish(wanted);
    await publisher.publish(newDomainEvent(uniqueType('other'), { n: 2 }));
    await until(() => received.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await publisher.close();
    expect(received).toEqual([wanted]);
    const channel = await admin.createChannel();
    const { messageCount, consumerCount } = await channel.checkQueue(queues.at(-1)!);
    expect({ messageCount, consumerCount }).toEqual({ messageCount: 0, consumerCount: 1 });
    await channel.close();
  });

  it('redelivers an event whose handler failed, after the retry delay', async () => {
    const type = uniqueType('retry');
    const attempts: number[] = [];
    await consume(
      [type],
      async () => {
        attempts.push(Date.now());
        if (attempts.length === 1) throw new Error('database briefly unavailable');
      },
      { retryDelayMs: 300 },
    );
    const publisher = createEventPublisher({ url: brokerUrl, logger });
    await publisher.publish(newDomainEvent(type, {}));
    await publisher.close();
    await until(() => attempts.length === 2);
    expect(attempts[1] - attempts[0]).toBeGreaterThanOrEqual(280);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(attempts).toHaveLength(2); // acknowledged the second time
  });

  it('drops a message that is not an event envelope and goes on with the next', async () => {
    const type = uniqueType('garbage');
    const received: DomainEvent[] = [];
    await consume([type], async (event) => {
      received.push(event);
    });
    const channel = await admin.createChannel();
    channel.publish(EVENTS_EXCHANGE, type, Buffer.from('not json'));
    channel.publish(EVENTS_EXCHANGE, type, Buffer.from(JSON.stringify({ id: 'x', type })));
    const good = newDomainEvent(type, { ok: true });
    channel.publish(EVENTS_EXCHANGE, type, Buffer.from(JSON.stringify(good)));
    await until(() => received.length === 1);
    expect(received).toEqual([good]);
    await channel.close();
  });

  it('reconnects when the connection is cut (as in a broker restart) and keeps consuming; the publisher reconnects too', async () => {
    const proxy = await startTcpProxy(brokerUrl);
    const type = uniqueType('restart');
    const received: string[] = [];
    await consume(
      [type],
      async (event) => {
        received.push(event.id);
      },
      { url: proxy.url },
    );
    const publisher = createEventPublisher({ url: proxy.url, logger, timeoutMs: 2_000 });
    const before = newDomainEvent(type, {});
    await publisher.publish(before);
    await until(() => received.includes(before.id));

    await proxy.down(); // the broker "goes away"...
    await expect(publisher.publish(newDomainEvent(type, {}))).rejects.toThrow();
    await proxy.up(); // ...and comes back
    const after = newDomainEvent(type, {});
    await publisher.publish(after); // a fresh connection, through the proxy that is up again
    await until(() => received.includes(after.id), 15_000); // the consumer re-subscribed on its own
    await publisher.close();
    await proxy.down();
  });

  // Seen in CI: a catalog replica's consumer lost its connection while setting it up again, and the connection's
  // error, heard by no one, ended the test run ("Unexpected close").
  it('lives on, and consumes once connected again, when its connection is lost while its channel opens', async () => {
    let cuts = 0;
    const relay = await startTcpProxy(brokerUrl, true, (chunk) => {
      if (cuts > 0 || !opensAmqpChannel(chunk)) return false;
      cuts += 1; // the first connection only: its handshake passes, then it is lost as the setup opens a channel
      return true;
    });
    const type = uniqueType('setupcut');
    const received: string[] = [];
    await consume([type], async (event) => void received.push(event.id), { url: relay.url });
    expect(cuts).toBe(1);
    const event = newDomainEvent(type, {});
    await publishAll(event);
    await until(() => received.includes(event.id));
    await relay.down();
  });

  it('closes without ending the process while a reconnect is opening, even when its connection is then lost mid-close', async () => {
    const crashes: unknown[] = [];
    const onCrash = (error: unknown) => crashes.push(error);
    process.on('uncaughtException', onCrash);
    // A relay that loses a connection as it closes (before the broker's CloseOk), as a broker restarting would.
    const broker = await startTcpProxy(brokerUrl, true, closesAmqpConnection);
    try {
      const consumer = await startConsumer({ url: broker.url, queue: queueName(), bindings: [uniqueType('reopening')], handle: async () => {}, logger });
      const before = broker.accepted();
      broker.hold();
      broker.cut(); // lost: the consumer opens a new connection, whose handshake the relay holds
      await until(() => broker.accepted() > before);
      const closing = consumer.close();
      broker.release(); // the handshake ends after the consumer was told to close
      await closing;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(crashes).toEqual([]);
    } finally {
      process.off('uncaughtException', onCrash);
      await broker.down();
    }
  });

  it('gives each process an exclusive queue of its own: every instance sees every event, also after a lost connection', async () => {
    const proxy = await startTcpProxy(brokerUrl);
    const type = uniqueType('fanout');
    const seen: Record<'a' | 'b', string[]> = { a: [], b: [] };
    const start = (instance: 'a' | 'b', url: string) =>
      startConsumer({
        url,
        queue: { exclusive: `test.fanout.${instance}` },
        bindings: [type],
        handle: async (event) => void seen[instance].push(event.id),
        logger,
      });
    const a = await start('a', brokerUrl);
    const b = await start('b', proxy.url);
    consumers.push(a, b);
    const publisher = createEventPublisher({ url: brokerUrl, logger });
    const first = newDomainEvent(type, {});
    await publisher.publish(first);
    await until(() => seen.a.includes(first.id) && seen.b.includes(first.id));

    proxy.cut(); // b's connection is cut: its queue is deleted with it...
    const second = newDomainEvent(type, {});
    // ...and declared again (a new name) once b is back; until then b misses what is published.
    const deadline = Date.now() + 15_000;
    while (!seen.b.includes(second.id)) {
      if (Date.now() > deadline) throw new Error('b never consumed again');
      await publisher.publish(second);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(seen.a).toContain(second.id);
    await publisher.close();
    await proxy.down();
  });

  it('waits for the events being handled before closing', async () => {
    const type = uniqueType('drain');
    let finished = false;
    let started = false;
    const consumer = await consume([type], async () => {
      started = true;
      await new Promise((resolve) => setTimeout(resolve, 300));
      finished = true;
    });
    const publisher = createEventPublisher({ url: brokerUrl, logger });
    await publisher.publish(newDomainEvent(type, {}));
    await publisher.close();
    await until(() => started);
    await consumer.close();
    expect(finished).toBe(true);
  });

  it("reports its queue's depth (read from the broker at scrape time) and what it handled", async () => {
    const type = uniqueType('depth');
    const registry = new Registry();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let handled = 0;
    const label = queueName();
    // One event at a time, held until released: the others wait ready in the queue.
    const consumer = await startConsumer({
      url: brokerUrl,
      queue: label,
      bindings: [type],
      logger,
      prefetch: 1,
      registry,
      handle: async () => {
        await held;
        handled += 1;
      },
    });
    consumers.push(consumer);
    const depth = async () => (await metricSeries(registry, 'events_queue_depth')).get(JSON.stringify({ queue: label }));
    const publisher = createEventPublisher({ url: brokerUrl, logger });
    for (let index = 0; index < 4; index += 1) await publisher.publish(newDomainEvent(type, { index }));
    await publisher.close();
    const deadline = Date.now() + 10_000;
    while ((await depth()) !== 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await depth()).toBe(3);

    release();
    await until(() => handled === 4);
    expect((await metricSeries(registry, 'events_consumed_total')).get(JSON.stringify({ queue: label, outcome: 'handled' }))).toBe(4);
    expect(await depth()).toBe(0);
    await consumer.close();
    expect(await depth()).toBeUndefined(); // a closed consumer reports nothing
  });

  it('moves an event that keeps failing to <queue>.dead after exactly maxAttempts handlings, with its reason, while other events keep flowing', async () => {
    const type = uniqueType('poison');
    const registry = new Registry();
    const poison = newDomainEvent(type, { poison: true });
    const poisonCalls: number[] = [];
    const handled: string[] = [];
    const label = queueName();
    consumers.push(
      await startConsumer({
        url: brokerUrl,
        queue: label,
        bindings: [type],
        logger,
        registry,
        maxAttempts: 4,
        retryDelayMs: 100,
        maxRetryDelayMs: 200,
        prefetch: 2,
        handle: async (event) => {
          if (event.id === poison.id) {
            poisonCalls.push(Date.now());
            throw new Error(`cannot apply ${event.id}: the data is impossible`);
          }
          handled.push(event.id);
        },
      }),
    );
    await publishAll(poison);
    await until(() => poisonCalls.length >= 1);
    // While the poison event is being retried, the others go through (prefetch 2: one slot stays free).
    const others = Array.from({ length: 5 }, (_, index) => newDomainEvent(type, { index }));
    await publishAll(...others);
    await until(() => handled.length === others.length);
    expect(poisonCalls.length).toBeLessThan(4);

    const dead = await takeFrom(deadLetterQueueOf(label));
    expect(poisonCalls).toHaveLength(4);
    // The waits between attempts doubled, up to the longest: 100, 200, 200 ms.
    expect(poisonCalls[1] - poisonCalls[0]).toBeGreaterThanOrEqual(90);
    expect(poisonCalls[3] - poisonCalls[2]).toBeGreaterThanOrEqual(190);
    expect(JSON.parse(dead.content.toString())).toEqual(poison);
    expect(dead.properties).toMatchObject({ deliveryMode: 2, messageId: poison.id, type });
    expect(dead.properties.headers).toMatchObject({
      [ATTEMPTS_HEADER]: 4,
      [FAILURE_REASON_HEADER]: `Error: cannot apply ${poison.id}: the data is impossible`,
      'x-original-queue': label,
      'x-original-exchange': EVENTS_EXCHANGE,
      'x-original-routing-key': type,
    });
    expect(Date.parse(String(dead.properties.headers?.['x-dead-lettered-at']))).toBeGreaterThan(Date.now() - 60_000);
    // Given up on: never tried again, acknowledged, and counted.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(poisonCalls).toHaveLength(4);
    expect(await messagesIn(label)).toBe(0);
    const series = async (name: string) => metricSeries(registry, name);
    expect((await series('events_dead_lettered_total')).get(JSON.stringify({ queue: label }))).toBe(1);
    expect((await series('events_consumed_total')).get(JSON.stringify({ queue: label, outcome: 'failed' }))).toBe(4);
    expect((await series('events_consumed_total')).get(JSON.stringify({ queue: label, outcome: 'handled' }))).toBe(5);
    expect((await series('events_queue_depth')).get(JSON.stringify({ queue: deadLetterQueueOf(label) }))).toBe(0); // taken off above
  });

  it('keeps counting the attempts of an event across a restart of its consumer', async () => {
    const type = uniqueType('restartcount');
    const label = queueName();
    const calls: string[] = [];
    const failing = (instance: string) => async () => {
      calls.push(instance);
      throw new Error(`still failing in ${instance}`);
    };
    const options = { url: brokerUrl, queue: label, bindings: [type], logger, maxAttempts: 3, retryDelayMs: 60_000 };
    const first = await startConsumer({ ...options, handle: failing('first') });
    const event = newDomainEvent(type, {});
    await publishAll(event);
    await until(() => calls.length === 1);
    // Stopping during the (long) wait before the retry puts the event back at once, its failure counted.
    const stopping = Date.now();
    await first.close();
    expect(Date.now() - stopping).toBeLessThan(5_000);
    const second = await startConsumer({ ...options, retryDelayMs: 50, handle: failing('second') });
    consumers.push(second);
    const dead = await takeFrom(deadLetterQueueOf(label));
    expect(calls).toEqual(['first', 'second', 'second']);
    expect(dead.properties.headers).toMatchObject({ [ATTEMPTS_HEADER]: 3, [FAILURE_REASON_HEADER]: 'Error: still failing in second' });
  });

  it('counts a handling cut short by a lost connection as an attempt, so an event that never finishes is given up on too', async () => {
    const proxy = await startTcpProxy(brokerUrl);
    const type = uniqueType('cut');
    const label = queueName();
    let calls = 0;
    let release!: () => void;
    const hung = new Promise<void>((resolve) => (release = resolve));
    const consumer = await startConsumer({
      url: proxy.url,
      queue: label,
      bindings: [type],
      logger,
      maxAttempts: 2,
      handle: async () => {
        calls += 1;
        await hung; // as a handler that crashes or hangs the process would: it never ends here
      },
    });
    await publishAll(newDomainEvent(type, {}));
    await until(() => calls === 1);
    proxy.cut(); // the broker takes the event back; it comes again (redelivered) once the consumer reconnects
    await until(() => calls === 2, 20_000); // the interrupted attempt was counted in a copy, which was handled
    // (The original is acknowledged once the copy is confirmed; the copy can arrive first, so let the ack go out.)
    await new Promise((resolve) => setTimeout(resolve, 300));
    proxy.cut();
    const dead = await takeFrom(deadLetterQueueOf(label), 20_000);
    expect(calls).toBe(2);
    expect(dead.properties.headers?.[ATTEMPTS_HEADER]).toBe(2);
    expect(String(dead.properties.headers?.[FAILURE_REASON_HEADER])).toMatch(/interrupted/);
    release();
    await consumer.close();
    await proxy.down();
  });

  it('counts again from none for a dead letter moved back to its queue (a replay once the cause is fixed)', async () => {
    const type = uniqueType('replay');
    const label = queueName();
    let fixed = false;
    const handled: string[] = [];
    await consume(
      [type],
      async (event) => {
        if (!fixed) throw new Error('not yet');
        handled.push(event.id);
      },
      { queue: label, maxAttempts: 1 },
    );
    const event = newDomainEvent(type, {});
    await publishAll(event);
    const dead = await takeFrom(deadLetterQueueOf(label));
    expect(dead.properties.headers?.[ATTEMPTS_HEADER]).toBe(1);
    fixed = true;
    const channel = await admin.createConfirmChannel();
    // As the management UI's "move messages" or a shovel does: content, properties and headers as they are.
    channel.sendToQueue(label, dead.content, {
      headers: dead.properties.headers,
      messageId: dead.properties.messageId,
      type: dead.properties.type,
      persistent: true,
    });
    await channel.waitForConfirms();
    await channel.close();
    await until(() => handled.length === 1);
    expect(handled).toEqual([event.id]);
  });

  it('drops an event that keeps failing in a queue of this process alone (nothing would read its dead letters)', async () => {
    const type = uniqueType('exclusivepoison');
    const registry = new Registry();
    const label = `test.exclusive.${randomUUID()}`;
    let calls = 0;
    const handled: string[] = [];
    const poison = newDomainEvent(type, {});
    consumers.push(
      await startConsumer({
        url: brokerUrl,
        queue: { exclusive: label },
        bindings: [type],
        logger,
        registry,
        maxAttempts: 2,
        retryDelayMs: 50,
        handle: async (event) => {
          if (event.id !== poison.id) return void handled.push(event.id);
          calls += 1;
          throw new Error('never');
        },
      }),
    );
    const after = newDomainEvent(type, {});
    await publishAll(poison, after);
    const dropped = async () => (await metricSeries(registry, 'events_consumed_total')).get(JSON.stringify({ queue: label, outcome: 'dropped' }));
    await until(() => handled.length === 1);
    const deadline = Date.now() + 10_000;
    while ((await dropped()) !== 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await dropped()).toBe(1);
    expect(calls).toBe(2);
    expect((await metricSeries(registry, 'events_dead_lettered_total')).size).toBe(0);
  });

  it('fails to start when the broker cannot be reached', async () => {
    const closedBroker = await startTcpProxy(brokerUrl, false);
    await expect(
      startConsumer({ url: closedBroker.url, queue: 'never-declared', bindings: ['x.y'], handle: async () => {}, logger, startAttempts: 1 }),
    ).rejects.toThrow();
  });
});
