import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../../prisma/users/client/client';
import { EVENTS_EXCHANGE } from '../../../runtime/events/domain-event';
import type { PrismaStore } from '../../../runtime/stores/prisma';
import type { StartedSubgraph } from '../../../runtime/subgraph/start';
import { expectData, unique } from '../../../test/support/graphql';
import { startTestSubgraph } from '../../../test/support/subgraph';
import { testEnv } from '../../../test/support/test-env';
import { asStaff } from '../../../test/support/tokens';
import type { UsersProviders } from '../context';
import { usersSubgraph } from '../subgraph';
import { openUsersDatabase, USER } from '../users.test-support';
import { accountDeleted, accountRegistered } from '../../../runtime/events/contracts';
import { ACCOUNT_EVENTS_QUEUE } from './account-events.consumer';
import { firstValue as until } from '../../../test/support/eventually';

describe('the users subgraph consumes account events from RabbitMQ', () => {
  let users: StartedSubgraph<UsersProviders> | undefined;
  let db: PrismaStore<PrismaClient>;
  let broker: ChannelModel;
  beforeAll(async () => {
    users = await startTestSubgraph(usersSubgraph);
    db = await openUsersDatabase(testEnv.DATABASE_URL);
    broker = await connect(testEnv.RABBITMQ_URL);
  });
  afterAll(async () => {
    await broker?.close();
    await users?.stop();
    await db?.close();
  });

  /** Publishes an envelope the way the auth service's outbox relay does: persistent, routing key = type, confirmed. */
  async function publish(type: string, data: Record<string, unknown>, id: string = randomUUID()) {
    const channel = await broker.createConfirmChannel();
    const envelope = { id, type, occurredAt: new Date().toISOString(), data };
    channel.publish(EVENTS_EXCHANGE, type, Buffer.from(JSON.stringify(envelope)), { persistent: true, contentType: 'application/json', messageId: id, type });
    await channel.waitForConfirms();
    await channel.close();
    return envelope;
  }

  it('auth.account.registered creates the profile; auth.account.deleted anonymises it', async () => {
    const accountId = randomUUID();
    const email = `${unique('from.the.broker')}@example.com`;
    const event = await publish(accountRegistered.type, { accountId, email });
    const staff = await asStaff();
    const url = users!.url;
    const profile = await until(async () => (await expectData(url, USER, { id: accountId }, staff)).user);
    expect(profile).toMatchObject({ id: accountId, email, displayName: email.split('@')[0] });
    expect(await db.prisma.processedEvent.count({ where: { id: event.id } })).toBe(1);

    await publish(accountDeleted.type, { accountId });
    const anonymised = await until(async () => {
      const { user } = await expectData(url, USER, { id: accountId }, staff);
      return user.displayName === 'Deleted user' ? user : null;
    });
    expect(anonymised).toMatchObject({ email: `deleted-${accountId}@invalid`, phone: null, addresses: [] });
  });

  it('drops a malformed event instead of retrying it forever, and goes on with the next', async () => {
    const broken = await publish(accountRegistered.type, { accountId: randomUUID() }); // no email
    const accountId = randomUUID();
    await publish(accountRegistered.type, { accountId, email: `${unique('after.broken')}@example.com` });
    await until(() => db.prisma.user.findUnique({ where: { id: accountId } }));
    expect(await db.prisma.processedEvent.count({ where: { id: broken.id } })).toBe(0);
    // Stopping returns every unacknowledged event (one waiting to be retried, say) to the queue: none may be left.
    await users!.stop();
    users = undefined;
    // Other processes' events may sit in the shared queue too: look for this one only, and put the rest back.
    const queue = await broker.createChannel();
    const left: string[] = [];
    for (let message = await queue.get(ACCOUNT_EVENTS_QUEUE); message; message = await queue.get(ACCOUNT_EVENTS_QUEUE)) {
      left.push(String(message.properties.messageId));
    }
    queue.nackAll(true);
    await queue.close();
    expect(left).not.toContain(broken.id);
  });
});
