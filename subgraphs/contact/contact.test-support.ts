// Shared by the contact subgraph's spec files (not a spec itself): operations, headers, event capture.
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_SIGNATURE_HEADER, signClientAddress } from '../../runtime/auth/client-address';
import { startConsumer } from '../../runtime/events/consumer';
import type { DomainEvent } from '../../runtime/events/domain-event';
import { createLogger } from '../../runtime/logger';
import { unique } from '../../test/support/graphql';
import { testEnv } from '../../test/support/test-env';

export const TICKET_FIELDS = 'id status subject email nextStatuses sender { id } assignee { id }';
export const SEND = `mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { ${TICKET_FIELDS} } }`;

export const message = (subject = unique('Question'), email = 'Marta@Example.com') => ({ name: 'Marta', email, subject, body: 'Do you deliver on Sundays?' });
export const uniqueEmail = () => `${unique('sender')}@example.com`;

/** Headers of a request the router forwarded for a client at `address` (signed, so the subgraph believes it). */
export const fromAddress = (address: string): Record<string, string> => ({
  [CLIENT_ADDRESS_HEADER]: address,
  [CLIENT_ADDRESS_SIGNATURE_HEADER]: signClientAddress(address, testEnv.INTERNAL_SECRET),
});

/** A made-up client address per test, so the rate limits of one test (or another test file) never meet another's. */
export const uniqueAddress = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;

/** Limits high enough that only the throttle tests meet them. */
export const roomyLimits = { CONTACT_MAX_MESSAGES_PER_ADDRESS: '10000', CONTACT_MAX_MESSAGES_PER_EMAIL: '10000', OUTBOX_POLL_INTERVAL_MS: '50' };

export const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  [...new Set((response.errors ?? []).map((error) => error.extensions?.code))];

/** Captures events from the real RabbitMQ on a queue of its own (deleted by `stop`). */
export async function captureEvents(bindings: string[]) {
  const events: DomainEvent[] = [];
  const queue = `test.contact.${randomUUID()}`;
  const consumer = await startConsumer({
    url: testEnv.RABBITMQ_URL,
    queue,
    bindings,
    handle: async (event) => void events.push(event),
    logger: createLogger('contact-test', 'silent'),
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
      await connection.close();
    },
  };
}
