import { afterAll, describe, expect, it } from 'vitest';
import { opensAmqpChannel, startTcpProxy } from '../../test/support/tcp-proxy';
import { testEnv } from '../../test/support/test-env';
import { createLogger } from '../logger';
import { newDomainEvent } from './domain-event';
import { createEventPublisher, PublisherClosed } from './publisher';

const logger = createLogger('publisher-test', 'silent');

describe('the event publisher when the broker goes away', () => {
  const closing: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const close of closing) await close();
  });

  // The connection, just open, then emits an error: unheard, it ended the process (seen in a test cutting a relay).
  it('refuses the publish, and the process lives on, when the connection is lost while its channel opens', async () => {
    let cuts = 0;
    // The handshake passes; the connection is cut when the client opens its first channel.
    const relay = await startTcpProxy(testEnv.RABBITMQ_URL, true, (chunk) => {
      if (!opensAmqpChannel(chunk)) return false;
      cuts += 1;
      return true;
    });
    const publisher = createEventPublisher({ url: relay.url, logger, timeoutMs: 2_000 });
    closing.push(
      () => relay.down(),
      () => publisher.close(),
    );
    await expect(publisher.publish(newDomainEvent('test.publisher.cut', {}))).rejects.toThrow();
    expect(cuts).toBe(1);
    // Give the lost connection's events their turn: one without a listener would surface as an uncaught error.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('refuses a publish the broker does not confirm in time, even when the broker then never answers the close either', async () => {
    const broker = await startTcpProxy(testEnv.RABBITMQ_URL);
    closing.push(() => broker.down());
    const publisher = createEventPublisher({ url: broker.url, logger, timeoutMs: 300 });
    closing.push(() => publisher.close());
    await publisher.publish(newDomainEvent('test.publisher.unconfirmed', {}));
    broker.hold(); // a link gone silent: nothing the publisher sends arrives, nothing comes back
    const started = Date.now();
    await expect(publisher.publish(newDomainEvent('test.publisher.unconfirmed', {}))).rejects.toThrow(/did not confirm/);
    expect(Date.now() - started).toBeLessThan(10_000);
    broker.release();
    await publisher.publish(newDomainEvent('test.publisher.unconfirmed', {})); // a new link
  });

  // What a caller that tries again in the background (a catalog replica's announcements) stops on.
  it('refuses a publish after close with PublisherClosed, having published before it', async () => {
    const publisher = createEventPublisher({ url: testEnv.RABBITMQ_URL, logger, timeoutMs: 2_000 });
    await publisher.publish(newDomainEvent('test.publisher.closing', {}));
    await publisher.close();
    await expect(publisher.publish(newDomainEvent('test.publisher.closing', {}))).rejects.toBeInstanceOf(PublisherClosed);
  });
});
