import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../runtime/config';
import { MAIL_LOCALES, MailTemplates } from '../../../runtime/mail/mail-templates';
import { usersSubgraphEnv } from '../config';
import { MAIL_KINDS, type MailKind } from './mail-kinds';

const receipt = {
  currency: 'CLP',
  subtotalMinor: 25_980,
  deliveryFeeMinor: 3_990,
  totalMinor: 29_970,
  lines: [{ productId: 'p-1', name: 'Rosas & Lirios', quantity: 2, unitPriceMinor: 12_990, totalMinor: 25_980 }],
  delivery: { date: '2026-12-24', window: 'MORNING', city: 'Viña del Mar' },
};

/** Values each kind's templates read (what subgraphs/users/mail/mail-events.ts hands them). */
const SAMPLES: Record<MailKind, Record<string, unknown>> = {
  welcome: { email: 'rosa@example.com', shopUrl: 'https://shop.example' },
  'password-reset': { email: 'rosa@example.com', resetUrl: 'https://shop.example/reset-password?token=abc', expiresAt: '2026-12-05T15:00:00Z' },
  'order-placed': { name: 'Rosa <3', orderId: 'o-1', reference: 'ABC123', orderUrl: 'https://shop.example/orders/o-1', receipt },
  'order-status': { name: 'Rosa', orderId: 'o-1', reference: 'ABC123', orderUrl: 'https://shop.example/orders/o-1', status: 'OUT_FOR_DELIVERY' },
  'ticket-reply': { ticketId: 't-1', name: 'Rosa', subject: 'Mi ramo', body: 'Llega mañana <b>temprano</b>' },
  'staff-ticket-opened': {
    ticketId: 't-1',
    email: 'rosa@example.com',
    subject: 'Mi ramo',
    name: 'Rosa',
    body: 'Hola',
    ticketUrl: 'https://shop.example/staff/tickets/t-1',
  },
};

describe("the shop's mail templates", () => {
  const templates = new MailTemplates(loadConfig(usersSubgraphEnv, {}).MAIL_TEMPLATES_DIR);

  it('render every kind in every language, with a subject, HTML and text', () => {
    for (const locale of MAIL_LOCALES) {
      for (const kind of MAIL_KINDS) {
        const mail = templates.render(kind, locale, SAMPLES[kind]);
        expect(mail.subject, `${locale}/${kind}`).toMatch(/\S/);
        expect(mail.subject).not.toMatch(/[\n{}]/);
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.text).not.toContain('<html');
        expect(mail.text).not.toMatch(/\{\{|\}\}/);
      }
    }
  });

  it('escape values in HTML only, and write money and delivery slots in the language', () => {
    const es = templates.render('order-placed', 'es', SAMPLES['order-placed']);
    expect(es.html).toContain('Rosas &amp; Lirios');
    expect(es.html).toContain('Rosa &lt;3');
    expect(es.text).toContain('2 × Rosas & Lirios: $25.980');
    expect(es.text).toContain('Total: $29.970');
    expect(es.text).toContain('en la mañana, en Viña del Mar');
    expect(es.text).toMatch(/jueves, 24 de diciembre de 2026/);
    const en = templates.render('order-placed', 'en', { ...SAMPLES['order-placed'], receipt: { ...receipt, currency: 'EUR', totalMinor: 3994 } });
    expect(en.text).toContain('Total: €39.94');
    expect(en.text).toContain('in the morning');
  });

  it('fail on a value a template names but the mail lacks', () => {
    expect(() => templates.render('welcome', 'es', { email: 'rosa@example.com' })).toThrow(/shopUrl/);
  });
});
