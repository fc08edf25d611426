// Shared by the auth subgraph's spec files (not a spec itself): operations, sign-up helpers, event capture.
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { signClientAddress, CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_SIGNATURE_HEADER } from '../../runtime/auth/client-address';
import { startConsumer } from '../../runtime/events/consumer';
import type { DomainEvent } from '../../runtime/events/domain-event';
import { createLogger } from '../../runtime/logger';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { testEnv } from '../../test/support/test-env';

export const SESSION_FIELDS = 'accessToken expiresAt refreshToken refreshTokenExpiresAt account { id email roles }';
export const REGISTER = `mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id email roles profile { id } } }`;
export const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { ${SESSION_FIELDS} } }`;
export const REFRESH = `mutation($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${SESSION_FIELDS} } }`;

export const PASSWORD = 'Tulips and 7 roses';

export const uniqueEmail = (prefix = 'user') => `${unique(prefix)}@example.com`.toLowerCase();

export interface SignedUp {
  id: string;
  email: string;
  password: string;
}

export async function signUp(url: string, email = uniqueEmail(), password = PASSWORD): Promise<SignedUp> {
  const { registerAccount } = await expectData(url, REGISTER, { input: { email, password } });
  return { id: registerAccount.id, email: registerAccount.email, password };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  refreshTokenExpiresAt: string;
  account: { id: string; email: string; roles: string[] };
}

export async function logIn(url: string, email: string, password: string, headers: Record<string, string> = {}): Promise<Session> {
  return (await expectData(url, LOGIN, { email, password }, headers)).login;
}

export const bearer = (session: { accessToken: string }) => ({ authorization: `Bearer ${session.accessToken}` });

/** Headers of a request the router forwarded for a client at `address` (signed, so the subgraph believes it). */
export const fromAddress = (address: string): Record<string, string> => ({
  [CLIENT_ADDRESS_HEADER]: address,
  [CLIENT_ADDRESS_SIGNATURE_HEADER]: signClientAddress(address, testEnv.INTERNAL_SECRET),
});

/** A made-up client address of its own per test, so failed sign-ins of one test never lock another. */
export const uniqueAddress = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;

export const errorOf = async (url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const response = await graphql(url, query, variables, headers);
  return { error: response.errors?.[0], data: response.data, status: response.status };
};

/** Captures events from the real RabbitMQ on a queue of its own (deleted by `stop`). */
export async function captureEvents(bindings: string[]) {
  const events: DomainEvent[] = [];
  const queue = `test.auth.${randomUUID()}`;
  const consumer = await startConsumer({
    url: testEnv.RABBITMQ_URL,
    queue,
    bindings,
    handle: async (event) => void events.push(event),
    logger: createLogger('auth-test', 'silent'),
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

/** Test settings: events published quickly. */
export const fastEvents = { OUTBOX_POLL_INTERVAL_MS: '50' };
