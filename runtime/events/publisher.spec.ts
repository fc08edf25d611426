import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/free-port';
import { testEnv } from '../../test/support/test-env';
import { createLogger } from '../logger';
import { newDomainEvent } from './domain-event';
import { createEventPublisher } from './publisher';

const logger = createLogger('publisher-test', 'silent');

/** Whether `chunk` (client to broker) holds an AMQP method frame Channel.Open (class 20, method 10). */
const opensChannel = (chunk: Buffer) => {
  for (let at = 0; at + 10 < chunk.length; at += 1) {
    if (chunk[at] === 1 && chunk[at + 7] === 0 && chunk[at + 8] === 20 && chunk[at + 9] === 0 && chunk[at + 10] === 10) return true;
  }
  return false;
};

/** A relay to RabbitMQ that lets the connection's handshake through and cuts it when the client opens a channel. */
async function cutWhenAChannelOpens(brokerUrl: string): Promise<{ url: string; cuts: () => number; close: () => Promise<void> }> {
  const target = new URL(brokerUrl);
  let cuts = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const broker = connectTcp(Number(target.port || 5672), target.hostname);
    sockets.add(client).add(broker);
    broker.pipe(client);
    client.on('data', (chunk: Buffer) => {
      if (!opensChannel(chunk)) return void broker.write(chunk);
      cuts += 1;
      client.destroy();
      broker.destroy();
    });
    const close = () => [client, broker].forEach((socket) => socket.destroy());
    client.on('error', close).on('close', close);
    broker.on('error', close).on('close', close);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = new URL(brokerUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    cuts: () => cuts,
    close: async () => {
      sockets.forEach((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('the event publisher when the broker goes away', () => {
  const closing: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closing) await close();
  });

  // The connection, just open, then emits an error: unheard, it ended the process (seen in a test cutting a relay).
  it('refuses the publish, and the process lives on, when the connection is lost while its channel opens', async () => {
    const relay = await cutWhenAChannelOpens(testEnv.RABBITMQ_URL);
    const publisher = createEventPublisher({ url: relay.url, logger, timeoutMs: 2_000 });
    closing.push(relay.close, () => publisher.close());
    await expect(publisher.publish(newDomainEvent('test.publisher.cut', {}))).rejects.toThrow();
    expect(relay.cuts()).toBe(1);
    // Give the lost connection's events their turn: one without a listener would surface as an uncaught error.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
});
