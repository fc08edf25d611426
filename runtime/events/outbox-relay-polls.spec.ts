import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import type { DomainEvent } from './domain-event';
import type { OutboxSource } from './outbox';
import { startOutboxRelay } from './outbox-relay';
import type { EventPublisher } from './publisher';

const logger = createLogger('outbox-relay-polls', 'silent');
const event = (n: number): DomainEvent => ({ id: `e-${n}`, type: 'test.polled', occurredAt: new Date().toISOString(), data: { n } });

/** An outbox in memory that records what the relay asked of it. */
function memoryOutbox() {
  const waiting: DomainEvent[] = [];
  const calls: string[] = [];
  const source: OutboxSource = {
    backlog: async () => (calls.push('backlog'), waiting.length),
    relayBatch: async (limit, publish) => {
      calls.push('batch');
      const taken = waiting.splice(0, limit);
      for (const taking of taken) await publish(taking);
      return { published: taken.length, failed: 0 };
    },
  };
  return { waiting, calls, source };
}

const published: DomainEvent[] = [];
const publisher: EventPublisher = { publish: async (sent) => void published.push(sent), close: async () => {} };
const until = async (condition: () => boolean) => {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('the outbox relay between commits', () => {
  it('polls by asking whether anything waits, and opens a batch only when something does', async () => {
    const outbox = memoryOutbox();
    const relay = startOutboxRelay({ source: outbox.source, publisher, logger, pollIntervalMs: 20 });
    try {
      await until(() => outbox.calls.filter((call) => call === 'backlog').length >= 3);
      // The first run takes whatever was left from before; the polls after it find nothing and take no batch.
      expect(outbox.calls.slice(0, 4)).toEqual(['batch', 'backlog', 'backlog', 'backlog']);
      outbox.waiting.push(event(1)); // written by a commit that did not wake the relay (another replica's)
      await until(() => published.some((sent) => sent.id === 'e-1'));
      expect(outbox.calls.slice(-2)).toEqual(['backlog', 'batch']);
    } finally {
      await relay.stop();
    }
  });

  it('publishes at once when woken, without asking first', async () => {
    const outbox = memoryOutbox();
    const relay = startOutboxRelay({ source: outbox.source, publisher, logger, pollIntervalMs: 60_000 });
    try {
      await until(() => outbox.calls.length === 1);
      outbox.waiting.push(event(2));
      relay.wake();
      await until(() => published.some((sent) => sent.id === 'e-2'));
      expect(outbox.calls).toEqual(['batch', 'batch']);
    } finally {
      await relay.stop();
    }
  });
});
