import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { accountRegistered, eventOf } from '../../../runtime/events/contracts';
import { ATTEMPTS_HEADER, FAILURE_REASON_HEADER } from '../../../runtime/events/consumer';
import { publishEvent } from '../../../test/support/events';
import { eventually } from '../../../test/support/eventually';
import { mailsTo, uniqueMailbox, waitForMails } from '../../../test/support/mailpit';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy';
import { testEnv } from '../../../test/support/test-env';
import { sentMailRecords, startMailingUsers, takeDeadLetters, type MailingUsers } from './mail.test-support';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Each test stops its mailer before the next starts: mailers share the record of mails sent (as replicas do), so a
// mailer left running would send the next test's event and leave nothing to fail.
describe('mail while the SMTP server is down', () => {
  let started: Array<MailingUsers | TcpProxy> = [];
  afterEach(async () => {
    for (const thing of started.reverse()) await ('stop' in thing ? thing.stop() : thing.down());
    started = [];
  });

  it('retries with backoff, and sends once the server is back', async () => {
    const smtp = await startTcpProxy(testEnv.SMTP_URL, false);
    started.push(smtp);
    const mailing = await startMailingUsers({ SMTP_URL: smtp.url });
    started.push(mailing);
    const email = uniqueMailbox('outage');
    const event = eventOf(accountRegistered, { accountId: randomUUID(), email });
    await publishEvent(event);
    await pause(1_000); // attempts at 0, ~0.1, ~0.3 and ~0.7 s fail: connection refused
    expect(await mailsTo(email)).toEqual([]);
    expect(await sentMailRecords(event.id)).toEqual([]); // a failed send leaves no record behind
    await smtp.up();
    const [mail] = await waitForMails(email, 1, 20_000);
    expect(mail.subject).toBe('Te damos la bienvenida a Flores Victoria');
    await pause(300);
    expect(await mailsTo(email)).toHaveLength(1);
    expect(await sentMailRecords(event.id)).toEqual([`${event.id}:welcome`]);
  });

  it('dead-letters the event with the reason once it failed EVENTS_MAX_ATTEMPTS times', async () => {
    const smtp = await startTcpProxy(testEnv.SMTP_URL, false);
    started.push(smtp);
    const mailing = await startMailingUsers({ SMTP_URL: smtp.url, EVENTS_MAX_ATTEMPTS: '3' });
    started.push(mailing);
    const email = uniqueMailbox('given-up');
    const event = eventOf(accountRegistered, { accountId: randomUUID(), email });
    await publishEvent(event);
    let letters: Awaited<ReturnType<typeof takeDeadLetters>> = [];
    await eventually(async () => (letters = [...letters, ...(await takeDeadLetters(mailing.queue))]).length > 0);
    const [letter] = letters.filter((candidate) => candidate.body.id === event.id);
    expect(letter.headers[ATTEMPTS_HEADER]).toBe(3);
    expect(String(letter.headers[FAILURE_REASON_HEADER])).toMatch(/ECONNREFUSED|connect/i);
    await smtp.up();
    await pause(500);
    expect(await mailsTo(email)).toEqual([]);
  });
});
