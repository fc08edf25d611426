import type { DomainEvent } from './domain-event';
import type { OutboxSource, RelayedBatch } from './outbox';

/** The part of a Prisma client (or transaction) the outbox needs: raw SQL. */
export interface RawSql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

export interface TransactionalRawSql extends RawSql {
  $transaction<R>(work: (tx: RawSql) => Promise<R>, options?: { maxWait?: number; timeout?: number }): Promise<R>;
}

interface OutboxRow {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The outbox of a Prisma service: the table `outbox_events` in the service's PostgreSQL schema (the
 * `OutboxEvent` model of prisma/auth/schema.prisma; orders and contact can copy it). Rows are locked with
 * FOR UPDATE SKIP LOCKED for the time of publishing, so several relays (replicas) share the work without
 * publishing a row twice; the lock also means order is only kept within one relay. Published rows stay until
 * `prune` deletes them (the relay's retention).
 */
export function prismaOutbox(prisma: TransactionalRawSql, schema: string): OutboxSource {
  if (!IDENTIFIER.test(schema)) throw new Error(`"${schema}" is not a plain PostgreSQL schema name`);
  const table = `"${schema}"."outbox_events"`;
  return {
    relayBatch: (limit, publish) =>
      prisma.$transaction(
        async (tx): Promise<RelayedBatch> => {
          const rows = await tx.$queryRawUnsafe<OutboxRow[]>(
            `SELECT id::text AS id, type, payload, occurred_at AS "occurredAt" FROM ${table}
             WHERE published_at IS NULL ORDER BY occurred_at, id LIMIT $1 FOR UPDATE SKIP LOCKED`,
            limit,
          );
          if (rows.length === 0) return { published: 0, failed: 0 };
          const events: DomainEvent[] = rows.map((row) => ({
            id: row.id,
            type: row.type,
            occurredAt: new Date(row.occurredAt).toISOString(),
            data: row.payload,
          }));
          // Publishes pipeline on the confirm channel (and keep their order on it); each one settles alone.
          const outcomes = await Promise.allSettled(events.map((event) => publish(event)));
          const published = events.filter((_, index) => outcomes[index].status === 'fulfilled').map((event) => event.id);
          const failed = events.filter((_, index) => outcomes[index].status === 'rejected').map((event) => event.id);
          if (published.length)
            await tx.$executeRawUnsafe(`UPDATE ${table} SET published_at = now(), attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, published);
          if (failed.length) await tx.$executeRawUnsafe(`UPDATE ${table} SET attempts = attempts + 1 WHERE id = ANY($1::uuid[])`, failed);
          return { published: published.length, failed: failed.length };
        },
        // Publishing happens inside the transaction (the rows stay locked); a broker that hangs is cut off by the publisher's own timeout.
        { maxWait: 10_000, timeout: 60_000 },
      ),
    // Oldest first through the (published_at, occurred_at) index; SKIP LOCKED: replicas pruning at once share the rows.
    prune: (cutoff, limit) =>
      prisma.$executeRawUnsafe(
        `DELETE FROM ${table} WHERE id IN (
           SELECT id FROM ${table} WHERE published_at < $1 ORDER BY published_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        cutoff,
        limit,
      ),
    backlog: async () => {
      const [row] = await prisma.$queryRawUnsafe<Array<{ waiting: number }>>(`SELECT count(*)::int AS waiting FROM ${table} WHERE published_at IS NULL`);
      return row.waiting;
    },
  };
}
