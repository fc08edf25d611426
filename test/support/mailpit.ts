import { unique } from './graphql';

/** Mailpit's HTTP API (scripts/services.sh starts it; its SMTP port is testEnv.SMTP_URL). */
export const MAILPIT_URL = process.env.TEST_MAILPIT_URL ?? 'http://127.0.0.1:8025';

/** A mailbox no other test (nor another run beside this one) writes to. */
export const uniqueMailbox = (prefix = 'mail') => `${unique(prefix)}@example.com`.toLowerCase();

export interface DeliveredMail {
  id: string;
  messageId: string;
  subject: string;
  to: string[];
  from: string;
  text: string;
  html: string;
}

interface Summary {
  ID: string;
}

async function api<T>(path: string): Promise<T> {
  const response = await fetch(new URL(path, MAILPIT_URL));
  if (!response.ok) throw new Error(`Mailpit ${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Every message delivered to `address` so far, oldest first, with its text and HTML parts. */
export async function mailsTo(address: string): Promise<DeliveredMail[]> {
  const { messages } = await api<{ messages: Summary[] }>(`/api/v1/search?limit=200&query=${encodeURIComponent(`to:"${address}"`)}`);
  const full = await Promise.all(
    messages.map((summary) =>
      api<{ ID: string; MessageID: string; Subject: string; To: { Address: string }[]; From: { Address: string }; Text: string; HTML: string }>(
        `/api/v1/message/${summary.ID}`,
      ),
    ),
  );
  return full
    .map((message) => ({
      id: message.ID,
      messageId: message.MessageID,
      subject: message.Subject,
      to: message.To.map((to) => to.Address),
      from: message.From.Address,
      text: message.Text,
      html: message.HTML,
    }))
    .reverse();
}

/** Waits until `address` has received `count` messages (at least), and returns them. */
export async function waitForMails(address: string, count = 1, timeoutMs = 15_000): Promise<DeliveredMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await mailsTo(address);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) throw new Error(`${address} received ${mails.length} of ${count} mails within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
