// Shared by the mail spec files (not a spec itself): a users service that mails on a queue of its own, profiles, queues.
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { deadLetterQueueOf } from '../../../runtime/events/consumer';
import type { StartedSubgraph } from '../../../runtime/subgraph/start';
import { uniqueMailbox } from '../../../test/support/mailpit';
import { startTestSubgraph } from '../../../test/support/subgraph';
import { testEnv } from '../../../test/support/test-env';
import type { UsersProviders } from '../context';
import { usersSubgraph } from '../subgraph';
import { openUsersDatabase } from '../users.test-support';

export interface MailingUsers {
  users: StartedSubgraph<UsersProviders>;
  queue: string;
  staffAddress: string;
  /** Stops the service and deletes its queue and dead-letter queue. */
  stop(): Promise<void>;
}

/**
 * A users service with its mailer on: a queue of this test's own (two runs side by side each get every event),
 * retries 100 ms apart, the staff's notices to a mailbox of its own.
 */
export async function startMailingUsers(env: Record<string, string> = {}): Promise<MailingUsers> {
  const queue = `test.users.mail.${randomUUID()}`;
  const staffAddress = uniqueMailbox('staff');
  const users = await startTestSubgraph(usersSubgraph, {
    MAIL_ENABLED: 'true',
    MAIL_QUEUE: queue,
    MAIL_RETRY_DELAY_MS: '100',
    MAIL_STAFF_ADDRESS: staffAddress,
    ...env,
  });
  return {
    users,
    queue,
    staffAddress,
    async stop() {
      await users.stop();
      await deleteQueues(queue, deadLetterQueueOf(queue));
    },
  };
}

async function deleteQueues(...queues: string[]): Promise<void> {
  const connection = await connect(testEnv.RABBITMQ_URL);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
  } finally {
    await connection.close();
  }
}

/** Takes the dead letters of `queue` (at most `max`), with their headers. */
export async function takeDeadLetters(queue: string, max = 10): Promise<Array<{ body: Record<string, unknown>; headers: Record<string, unknown> }>> {
  const connection = await connect(testEnv.RABBITMQ_URL);
  try {
    const channel = await connection.createChannel();
    const letters = [];
    for (let taken = 0; taken < max; taken += 1) {
      const message = await channel.get(deadLetterQueueOf(queue), { noAck: true });
      if (!message) break;
      letters.push({ body: JSON.parse(message.content.toString()) as Record<string, unknown>, headers: message.properties.headers ?? {} });
    }
    return letters;
  } finally {
    await connection.close();
  }
}

/** A live profile with an email and, optionally, a language preference (as the users service keeps them). */
export async function createProfile(email: string, language?: string): Promise<string> {
  const accountId = randomUUID();
  const db = await openUsersDatabase(testEnv.DATABASE_URL);
  try {
    await db.prisma.user.create({ data: { id: accountId, email, displayName: 'Rosa Pérez', searchName: 'rosa pérez' } });
    if (language) await db.prisma.preferences.create({ data: { userId: accountId, language, favouriteFlowers: [], favouriteOccasions: [] } });
  } finally {
    await db.close();
  }
  return accountId;
}

/** The records of mails sent for the event `eventId` (users.sent_mails: `<event id>:<kind>`). */
export async function sentMailRecords(eventId: string): Promise<string[]> {
  const db = await openUsersDatabase(testEnv.DATABASE_URL);
  try {
    const rows = await db.prisma.$queryRawUnsafe<Array<{ id: string }>>('SELECT id FROM users.sent_mails WHERE id LIKE $1', `${eventId}:%`);
    return rows.map((row) => row.id);
  } finally {
    await db.close();
  }
}
