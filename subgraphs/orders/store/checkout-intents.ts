import type { Prisma, PrismaClient } from '../../../prisma/orders/client/client';
import type { CheckoutIntentState, IntentLine } from '../domain/checkout-intent';
import type { PlacedOrder } from '../domain/order-state';

/** An intent the sweeper took: now ABANDONED, its release to be made (attempt number `releaseAttempts`). */
export interface DueIntent {
  id: string;
  /** OPEN when the sweeper has just abandoned it, ABANDONED when it is retrying a release that failed. */
  previousState: CheckoutIntentState;
  releaseAttempts: number;
}

/** How the sweeper spaces the release attempts of one intent: `baseSeconds` doubling up to `maxSeconds`. */
export interface ReleaseBackoff {
  baseSeconds: number;
  maxSeconds: number;
}

/**
 * Makes the intent's OPEN → PLACED move inside the transaction that writes its order; false when the intent is not
 * OPEN (abandoned by the sweeper or by its checkout: the transaction must then write nothing). The update locks the
 * row until the transaction ends, so a sweeper abandoning it at the same moment waits (or skips it) and then finds it
 * PLACED.
 */
export async function claimIntentForOrder(tx: Prisma.TransactionClient, id: string): Promise<boolean> {
  const count = await tx.$executeRaw`
    UPDATE "orders"."checkout_intents" SET state = 'PLACED', finished_at = now(), updated_at = now()
    WHERE id = ${id} AND state = 'OPEN'`;
  return count === 1;
}

/**
 * The checkout intents of the orders service (see domain/checkout-intent.ts for the states). Every move is one
 * conditional statement on the database's clock, so concurrent checkouts and sweepers in any replica agree on who won.
 */
export class CheckoutIntents {
  constructor(
    private readonly prisma: PrismaClient,
    /** How long an intent may stay OPEN before the sweeper abandons it (ORDERS_RESERVATION_TIMEOUT_SECONDS). */
    private readonly timeoutSeconds: number,
  ) {}

  /** Records (and commits) the intent to place order `id` with these lines, before the catalog is asked for them. */
  async open(id: string, placed: PlacedOrder): Promise<void> {
    const lines: IntentLine[] = placed.lines.map((line) => ({ productId: line.productId, quantity: line.quantity }));
    await this.prisma.$executeRaw`
      INSERT INTO "orders"."checkout_intents" (id, user_id, idempotency_key, state, lines, due_at)
      VALUES (${id}, ${placed.userId}, ${placed.idempotencyKey}, 'OPEN', ${JSON.stringify(lines)}::jsonb,
              now() + make_interval(secs => ${this.timeoutSeconds}::float8))`;
  }

  /**
   * OPEN → ABANDONED, for a checkout that gives up on its reservation: from then on no order can claim it. The sweeper
   * takes it again in `retryInSeconds` (if the caller's own release fails), or at its original deadline when null.
   * Says whether this call abandoned it, and the state it is in now (null for an unknown id).
   */
  async abandon(id: string, retryInSeconds: number | null): Promise<{ abandoned: boolean; state: CheckoutIntentState | null }> {
    const count = await this.prisma.$executeRaw`
      UPDATE "orders"."checkout_intents"
      SET state = 'ABANDONED', updated_at = now(),
          due_at = CASE WHEN ${retryInSeconds}::float8 IS NULL THEN due_at ELSE now() + make_interval(secs => ${retryInSeconds}::float8) END
      WHERE id = ${id} AND state = 'OPEN'`;
    if (count === 1) return { abandoned: true, state: 'ABANDONED' };
    // Read after the update: had it waited for a concurrent order's transaction, this sees that outcome.
    return { abandoned: false, state: await this.stateOf(id) };
  }

  /** ABANDONED → RELEASED once the catalog confirmed the release; false if it was not ABANDONED. */
  async markReleased(id: string): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE "orders"."checkout_intents" SET state = 'RELEASED', finished_at = now(), updated_at = now(), last_error = NULL
      WHERE id = ${id} AND state = 'ABANDONED'`;
    return count === 1;
  }

  /** OPEN → RELEASED when the catalog refused the reservation (it took nothing: it rolls its lines back itself). */
  async markNothingReserved(id: string): Promise<boolean> {
    const count = await this.prisma.$executeRaw`
      UPDATE "orders"."checkout_intents" SET state = 'RELEASED', finished_at = now(), updated_at = now()
      WHERE id = ${id} AND state = 'OPEN'`;
    return count === 1;
  }

  /**
   * Takes up to `limit` intents that are due (OPEN past their deadline, or ABANDONED with a release to retry), makes
   * them ABANDONED and moves their next attempt away by the backoff, all in one statement: rows another sweeper holds
   * are skipped, and a sweeper that dies after this leaves them to be retried when they are due again.
   */
  async claimDue(limit: number, backoff: ReleaseBackoff): Promise<DueIntent[]> {
    return this.prisma.$queryRaw<DueIntent[]>`
      WITH due AS (
        SELECT id, state FROM "orders"."checkout_intents"
        WHERE state IN ('OPEN', 'ABANDONED') AND due_at <= now()
        ORDER BY due_at LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )
      UPDATE "orders"."checkout_intents" AS intent
      SET state = 'ABANDONED', release_attempts = intent.release_attempts + 1, updated_at = now(),
          due_at = now() + make_interval(secs => least(${backoff.maxSeconds}::float8, ${backoff.baseSeconds}::float8 * power(2, intent.release_attempts)))
      FROM due
      WHERE intent.id = due.id AND intent.state IN ('OPEN', 'ABANDONED')
      RETURNING intent.id, due.state::text AS "previousState", intent.release_attempts AS "releaseAttempts"`;
  }

  /** Notes why a release failed; the intent stays ABANDONED and is retried when due. */
  async recordFailedRelease(id: string, reason: string): Promise<void> {
    await this.prisma.$executeRaw`
      UPDATE "orders"."checkout_intents" SET last_error = left(${reason}, 500), updated_at = now()
      WHERE id = ${id} AND state = 'ABANDONED'`;
  }

  async stateOf(id: string): Promise<CheckoutIntentState | null> {
    const [row] = await this.prisma.$queryRaw<Array<{ state: CheckoutIntentState }>>`
      SELECT state::text AS state FROM "orders"."checkout_intents" WHERE id = ${id}`;
    return row?.state ?? null;
  }

  /** How many intents are OPEN and ABANDONED now (for the gauge). */
  async countUnfinished(): Promise<Record<'OPEN' | 'ABANDONED', number>> {
    const rows = await this.prisma.$queryRaw<Array<{ state: 'OPEN' | 'ABANDONED'; count: number }>>`
      SELECT state::text AS state, count(*)::int AS count FROM "orders"."checkout_intents"
      WHERE state IN ('OPEN', 'ABANDONED') GROUP BY state`;
    const counts = { OPEN: 0, ABANDONED: 0 };
    for (const row of rows) counts[row.state] = row.count;
    return counts;
  }

  /**
   * Deletes up to `limit` finished intents (PLACED or RELEASED) that finished before `cutoff`, oldest first; never an
   * unfinished one. SKIP LOCKED: replicas pruning at once share the rows.
   */
  prune(cutoff: Date, limit: number): Promise<number> {
    return this.prisma.$executeRaw`
      DELETE FROM "orders"."checkout_intents" WHERE id IN (
        SELECT id FROM "orders"."checkout_intents" WHERE finished_at < ${cutoff}
        ORDER BY finished_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)`;
  }
}
