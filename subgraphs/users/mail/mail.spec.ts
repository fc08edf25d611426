import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountRegistered, eventOf, ORDER_STATUS_CHANGED, orderPlaced, ticketOpened, ticketReplied } from '../../../runtime/events/contracts';
import { publishEvent } from '../../../test/support/events';
import { mailsTo, uniqueMailbox, waitForMails } from '../../../test/support/mailpit';
import { createProfile, sentMailRecords, startMailingUsers, type MailingUsers } from './mail.test-support';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const receipt = {
  currency: 'CLP',
  subtotalMinor: 25_980,
  deliveryFeeMinor: 3_990,
  totalMinor: 29_970,
  lines: [{ productId: 'p-1', name: 'Ramo de Peonías', quantity: 2, unitPriceMinor: 12_990 }],
  delivery: { date: '2026-12-24', window: 'AFTERNOON', city: 'Valparaíso' },
};

describe('mail from domain events (real RabbitMQ → users mailer → Mailpit over SMTP)', () => {
  let mailing: MailingUsers;
  beforeAll(async () => {
    mailing = await startMailingUsers();
  });
  afterAll(async () => {
    await mailing?.stop();
  });

  it('welcomes a new account in Spanish (no preference yet), with HTML and text parts, once', async () => {
    const email = uniqueMailbox('welcome');
    await publishEvent(eventOf(accountRegistered, { accountId: randomUUID(), email }));
    const [mail] = await waitForMails(email);
    expect(mail.subject).toBe('Te damos la bienvenida a Flores Victoria');
    expect(mail.html).toContain('<html lang="es">');
    expect(mail.text).toContain(`Tu cuenta ${email} ya está lista`);
    expect(mail.messageId).toMatch(/@floresvictoria\.cl$/);
    await pause(300);
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it("confirms a placed order in the customer's language with its lines, total and delivery slot", async () => {
    const email = uniqueMailbox('placed');
    const accountId = await createProfile(email, 'en');
    const orderId = randomUUID();
    await publishEvent(eventOf(orderPlaced, { orderId, accountId, productIds: ['p-1'], cartId: null, receipt }));
    const [mail] = await waitForMails(email);
    const reference = orderId.split('-')[0].toUpperCase();
    expect(mail.subject).toBe(`We received your order ${reference}`);
    const text = mail.text.replace(/[\u00a0\u202f]/g, ' '); // Intl writes "CLP 25,980" with a no-break space
    expect(text).toContain('2 × Ramo de Peonías: CLP 25,980');
    expect(text).toContain('Total: CLP 29,970');
    expect(text).toContain('Delivery: Thursday, 24 December 2026, in the afternoon, in Valparaíso.');
    expect(mail.html).toContain('Ramo de Peonías');
    expect(mail.html).toContain(`/orders/${orderId}`);
  });

  it('tells the customer of each status change they care about (not of PREPARING), in Portuguese', async () => {
    const email = uniqueMailbox('status');
    const accountId = await createProfile(email, 'pt');
    const orderId = randomUUID();
    for (const status of ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const) {
      await publishEvent(eventOf(ORDER_STATUS_CHANGED[status], { orderId, accountId, status, productIds: ['p-1'] }));
    }
    const mails = await waitForMails(email, 3);
    expect(mails.map((mail) => mail.subject.split(': ')[1]).sort()).toEqual(['a caminho', 'confirmado', 'entregue']);
    for (const mail of mails) expect(mail.html).toContain('<html lang="pt">');
    await pause(500);
    expect(await mailsTo(email)).toHaveLength(3);
  });

  it('sends nothing for an order of an account without a live profile', async () => {
    const placed = eventOf(orderPlaced, { orderId: randomUUID(), accountId: randomUUID(), productIds: ['p-1'], receipt });
    const marker = uniqueMailbox('marker');
    await publishEvent(placed);
    await publishEvent(eventOf(accountRegistered, { accountId: randomUUID(), email: marker }));
    await waitForMails(marker);
    await pause(300);
    expect(await sentMailRecords(placed.id)).toEqual([]);
  });

  it('mails a staff reply to the sender, and tells the staff of a new ticket', async () => {
    const email = uniqueMailbox('ticket');
    const ticketId = randomUUID();
    await publishEvent(
      eventOf(ticketOpened, { ticketId, email, subject: 'Ramo para el lunes', name: 'Lila', body: 'Hola, ¿llega el lunes?', accountId: null }),
    );
    await publishEvent(
      eventOf(ticketReplied, {
        ticketId,
        messageId: randomUUID(),
        email,
        name: 'Lila',
        subject: 'Ramo para el lunes',
        body: 'Sí, llega <el lunes>.',
        accountId: null,
      }),
    );
    const [reply] = await waitForMails(email);
    expect(reply.subject).toBe('Re: Ramo para el lunes');
    expect(reply.text).toContain('Sí, llega <el lunes>.');
    expect(reply.html).toContain('Sí, llega &lt;el lunes&gt;.');
    const notices = await waitForMails(mailing.staffAddress);
    const notice = notices.find((mail) => mail.text.includes(email))!;
    expect(notice.subject).toBe('Nuevo mensaje: Ramo para el lunes');
    expect(notice.text).toContain('Hola, ¿llega el lunes?');
    expect(notice.html).toContain(`/staff/tickets/${ticketId}`);
  });

  it('sends nothing twice for a redelivered event', async () => {
    const email = uniqueMailbox('again');
    const event = eventOf(accountRegistered, { accountId: randomUUID(), email });
    await publishEvent(event);
    await waitForMails(email);
    // The relay publishing it again after a crash, twice at once.
    await Promise.all([publishEvent(event), publishEvent(event)]);
    const marker = uniqueMailbox('marker');
    await publishEvent(eventOf(accountRegistered, { accountId: randomUUID(), email: marker }));
    await waitForMails(marker);
    await pause(300);
    expect(await mailsTo(email)).toHaveLength(1);
  });
});
