import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy';
import { testEnv } from '../../test/support/test-env';
import { createLogger } from '../logger';
import { startConsumer, type InstanceQueue, type RunningConsumer } from './consumer';
import { newDomainEvent, type DomainEvent } from './domain-event';
import { createEventPublisher } from './publisher';

const logger = createLogger('instance-queue-test', 'silent');
const brokerUrl = testEnv.RABBITMQ_URL;
const uniqueType = (name: string) => `test.${name}.t${randomUUID().replaceAll('-', '')}`;

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// A queue of one process that outlives its connection (the router's order events): consumer-queue.ts.
describe("a consumer's queue of its own process", () => {
  let admin: ChannelModel;
  const proxies: TcpProxy[] = [];
  const consumers: RunningConsumer[] = [];
  const names: string[] = [];
  const instanceQueue = (overrides: Partial<InstanceQueue> = {}): InstanceQueue => {
    const queue = { instance: 'test.instance-events', instanceId: randomUUID(), expiresMs: 60_000, maxLength: 1_000, ...overrides };
    names.push(`${queue.instance}.${queue.instanceId}`);
    return queue;
  };
  const start = async (url: string, queue: InstanceQueue, type: string, handle: (event: DomainEvent) => Promise<void>) => {
    const consumer = await startConsumer({ url, queue, bindings: [type], handle, logger, retryDelayMs: 50 });
    consumers.push(consumer);
    return consumer;
  };
  const proxy = async () => {
    const started = await startTcpProxy(brokerUrl);
    proxies.push(started);
    return started;
  };
  const publishAll = async (events: DomainEvent[]) => {
    const publisher = createEventPublisher({ url: brokerUrl, logger });
    for (const event of events) await publisher.publish(event);
    await publisher.close();
  };
  /** Whether the queue exists, asked on a channel of its own (a missing queue closes it). */
  const exists = async (name: string) => {
    const channel = await admin.createChannel();
    channel.on('error', () => {});
    return channel.checkQueue(name).then(
      () => channel.close().then(() => true),
      () => false,
    );
  };

  beforeAll(async () => {
    admin = await connect(brokerUrl);
  });
  afterAll(async () => {
    await Promise.all(consumers.map((consumer) => consumer.close()));
    await Promise.all(proxies.map((started) => started.down()));
    const channel = await admin.createChannel();
    for (const name of names) await channel.deleteQueue(name);
    await admin.close();
  });

  it('keeps the events published while its connection is down, and delivers them in order once it consumes again', async () => {
    const cut = await proxy();
    const type = uniqueType('backlog');
    const seen: string[] = [];
    const consumer = await start(cut.url, instanceQueue(), type, async (event) => void seen.push(event.id));
    expect(consumer.consuming).toBe(true);
    const events = Array.from({ length: 12 }, (_, index) => newDomainEvent(type, { index }));
    await publishAll(events.slice(0, 2));
    await until(() => seen.length === 2);

    await cut.down();
    await until(() => !consumer.consuming);
    await publishAll(events.slice(2)); // straight to the broker, while this consumer is away
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(consumer.consuming).toBe(false);
    expect(seen).toHaveLength(2);

    await cut.up();
    await until(() => consumer.consuming);
    await until(() => new Set(seen).size >= events.length);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // At least once, in order: an event whose ack was cut off with the connection comes again, in its place.
    const place = new Map(events.map((event, index) => [event.id, index]));
    const places = seen.map((id) => place.get(id)!);
    expect(places).toEqual([...places].sort((a, b) => a - b));
    expect([...new Set(seen)]).toEqual(events.map((event) => event.id));
  });

  it('handles an event redelivered after a lost connection in its place, ahead of those published meanwhile', async () => {
    const cut = await proxy();
    const type = uniqueType('redelivered');
    const [held, ...rest] = Array.from({ length: 4 }, (_, index) => newDomainEvent(type, { index }));
    const seen: string[] = [];
    let release!: () => void;
    const releasing = new Promise<void>((resolve) => (release = resolve));
    let firstTime = true;
    const consumer = await start(cut.url, instanceQueue(), type, async (event) => {
      seen.push(event.id);
      if (event.id === held.id && firstTime) {
        firstTime = false;
        await releasing; // its handling is under way when the connection goes
      }
    });
    await publishAll([held]);
    await until(() => seen.length === 1);
    await cut.down();
    await until(() => !consumer.consuming);
    await publishAll(rest);
    release();
    await cut.up();
    await until(() => seen.length >= 1 + 1 + rest.length);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Again, first (not put at the back with an attempt counted), then the others in order.
    expect(seen).toEqual([held.id, held.id, ...rest.map((event) => event.id)]);
  });

  it('keeps at most maxLength events while away, dropping the oldest', async () => {
    const cut = await proxy();
    const type = uniqueType('bounded');
    const seen: number[] = [];
    const consumer = await start(cut.url, instanceQueue({ maxLength: 3 }), type, async (event) => void seen.push(event.data.index as number));
    await cut.down();
    await until(() => !consumer.consuming);
    await publishAll(Array.from({ length: 5 }, (_, index) => newDomainEvent(type, { index })));
    await cut.up();
    await until(() => seen.length >= 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(seen).toEqual([2, 3, 4]);
  });

  it('is deleted when the consumer closes', async () => {
    const queue = instanceQueue();
    const name = `${queue.instance}.${queue.instanceId}`;
    const consumer = await start(brokerUrl, queue, uniqueType('closed'), async () => {});
    expect(await exists(name)).toBe(true);
    await consumer.close();
    expect(consumer.consuming).toBe(false);
    expect(await exists(name)).toBe(false);
  });

  it('is deleted by the broker once unused for expiresMs (its process never came back), and declared again if it does', async () => {
    const gone = await proxy();
    const queue = instanceQueue({ expiresMs: 1_000 });
    const name = `${queue.instance}.${queue.instanceId}`;
    const type = uniqueType('expired');
    const seen: string[] = [];
    const consumer = await start(gone.url, queue, type, async (event) => void seen.push(event.id));
    await gone.down();
    await until(() => !consumer.consuming);
    // Looking renews the queue's lease (a passive declare is a use): look seldom.
    for (const deadline = Date.now() + 15_000; await exists(name);) {
      if (Date.now() > deadline) throw new Error(`${name} still exists`);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
    }
    await gone.up();
    await until(() => consumer.consuming);
    const later = newDomainEvent(type, {});
    await publishAll([later]);
    await until(() => seen.includes(later.id));
  });
});
