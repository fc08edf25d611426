import type { TransactionalRawSql } from '../events/prisma-outbox';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

export type SendOutcome = 'sent' | 'duplicate';

/**
 * The record of mails sent, `sent_mails` in a Prisma service's PostgreSQL schema (the `SentMail` model of
 * prisma/users/schema.prisma), keyed by what caused the mail (`<event id>:<kind>`).
 *
 * `once` writes the record and sends in one transaction: a failed send rolls the record back (the event is retried
 * and sends then), a redelivered event finds the record and sends nothing; a second delivery handled at the same
 * time waits on the first one's row lock, then sees its record. Only a crash between the SMTP server's acceptance and
 * the commit can send a mail twice; its Message-ID is the same both times.
 */
export class SentMails {
  private readonly table: string;

  constructor(
    private readonly prisma: TransactionalRawSql,
    schema: string,
    /** Longer than one SMTP exchange can take (SMTP_TIMEOUT_MS for each of its steps). */
    private readonly timeoutMs = 120_000,
  ) {
    if (!IDENTIFIER.test(schema)) throw new Error(`"${schema}" is not a plain PostgreSQL schema name`);
    this.table = `"${schema}"."sent_mails"`;
  }

  once(key: string, kind: string, send: () => Promise<void>): Promise<SendOutcome> {
    return this.prisma.$transaction(
      async (tx) => {
        const recorded = await tx.$executeRawUnsafe(`INSERT INTO ${this.table} (id, kind) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, key, kind);
        if (recorded === 0) return 'duplicate';
        await send();
        return 'sent';
      },
      { maxWait: 10_000, timeout: this.timeoutMs },
    );
  }

  /** Deletes up to `limit` records older than `cutoff`, oldest first (EVENTS_DEDUP_RETENTION_SECONDS). */
  pruneProcessed(cutoff: Date, limit: number): Promise<number> {
    return this.prisma.$executeRawUnsafe(
      `DELETE FROM ${this.table} WHERE id IN (SELECT id FROM ${this.table} WHERE sent_at < $1 ORDER BY sent_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
      cutoff,
      limit,
    );
  }
}
