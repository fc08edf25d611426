// The password reset as a customer lives it: asked at the auth service, mailed by the users service through SMTP,
// completed with the link from the mail. The token is in the mail alone: not in the outbox row, not on the broker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient as AuthClient } from '../../prisma/auth/client/client';
import { connectPrisma, type PrismaStore } from '../../runtime/stores/prisma';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { authSubgraph } from '../../subgraphs/auth/subgraph';
import type { AuthProviders } from '../../subgraphs/auth/context';
import { fastEvents, LOGIN, signUp } from '../../subgraphs/auth/auth.test-support';
import { hashOpaqueToken } from '../../subgraphs/auth/security/opaque-tokens';
import { startMailingUsers, type MailingUsers } from '../../subgraphs/users/mail/mail.test-support';
import { captureEvents } from '../support/events';
import { expectData, graphql } from '../support/graphql';
import { uniqueMailbox, waitForMails } from '../support/mailpit';
import { startTestSubgraph } from '../support/subgraph';
import { testEnv } from '../support/test-env';

const REQUEST = 'mutation($email: String!) { requestPasswordReset(email: $email) { accepted } }';
const RESET = 'mutation($token: String!, $next: String!) { resetPassword(token: $token, newPassword: $next) { sessionsRevoked } }';

describe('password reset by mail (auth → outbox → RabbitMQ → users mailer → Mailpit)', () => {
  let auth: StartedSubgraph<AuthProviders>;
  let mailing: MailingUsers;
  let capture: Awaited<ReturnType<typeof captureEvents>>;
  let authDb: PrismaStore<AuthClient>;
  beforeAll(async () => {
    capture = await captureEvents(['auth.password_reset.requested']);
    mailing = await startMailingUsers({ MAIL_SHOP_URL: 'https://shop.example/' });
    auth = await startTestSubgraph(authSubgraph, fastEvents);
    authDb = await connectPrisma(AuthClient, testEnv.DATABASE_URL, 'auth');
  });
  afterAll(async () => {
    await auth?.stop();
    await mailing?.stop();
    await capture?.stop();
    await authDb?.close();
  });

  it('mails a link that resets the password once, and the token never leaves the auth service otherwise', async () => {
    const user = await signUp(auth.url, uniqueMailbox('reset'));
    await expectData(auth.url, REQUEST, { email: user.email });

    const mails = await waitForMails(user.email, 2); // the welcome, and the reset
    const mail = mails.find((candidate) => candidate.subject === 'Restablece tu contraseña')!;
    const link = /https:\/\/shop\.example\/reset-password\?token=([A-Za-z0-9_-]{43})/.exec(mail.text);
    expect(link).not.toBeNull();
    expect(mail.html.replaceAll('&#x3D;', '=')).toContain(link![0]); // HTML writes "=" as an entity
    const token = link![1];
    const [stored] = await authDb.prisma.passwordReset.findMany({ where: { accountId: user.id } });
    expect(stored.tokenHash).toBe(hashOpaqueToken(token));

    // Neither the broker's message nor the outbox row carries it.
    const event = await capture.waitFor((candidate) => candidate.data.accountId === user.id);
    expect(JSON.stringify(event)).not.toContain(token);
    expect(event.data).toMatchObject({ email: user.email });
    expect(event.data.sealedToken).toMatch(/^v1\./);
    expect(event.data).not.toHaveProperty('token');
    const row = await authDb.prisma.outboxEvent.findUniqueOrThrow({ where: { id: event.id } });
    expect(JSON.stringify(row.payload)).not.toContain(token);

    await expectData(auth.url, RESET, { token, next: 'Mailed and mended 9' });
    expect((await graphql(auth.url, LOGIN, { email: user.email, password: 'Mailed and mended 9' })).errors).toBeUndefined();
    expect((await graphql(auth.url, RESET, { token, next: 'Once is enough 10' })).errors?.[0].extensions?.reason).toBe('RESET_TOKEN_USED');
  });
});
