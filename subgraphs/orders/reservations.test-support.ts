import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { serviceUnavailable } from '../../runtime/errors';
import { createLogger } from '../../runtime/logger';
import type { OnBehalfOf } from '../../runtime/subgraph/subgraph-client';
import { testEnv } from '../../test/support/test-env';
import { CartClient } from './clients/cart.client';
import { CatalogClient } from './clients/catalog.client';
import { UsersClient } from './clients/users.client';
import type { CheckoutIntentState } from './domain/checkout-intent';
import type { Order } from './entities/order';
import type { CheckoutRequest } from './inputs/checkout.input';
import { checkoutInput, type OrdersFixture, type Shopper } from './orders.test-support';
import { CheckoutService } from './service/checkout.service';
import type { OrderWriter } from './store/order-writer';

// The reservation tests' tools: checkouts run in the test process with failures put where a real one can fail, and
// the checkout intents read straight from the database (by customer: every test has customers of its own).

/** Where a checkout fails. Each fault is one that production can meet; none is a switch in the production code. */
export interface CheckoutFaults {
  /** The catalog reserves, but its answer never reaches the checkout. */
  reserveAnswerLost?: boolean;
  /** No release call of the checkout reaches the catalog. */
  releaseFails?: boolean;
  /**
   * The order's write: `fails` before writing anything; `lost-after-commit` commits and then fails for the caller
   * (the database's answer lost); `until-abandoned` waits until the sweeper abandoned the intent, then writes;
   * `until-due` waits until the intent's deadline (plus `offsetMs`), then writes, racing the sweepers.
   */
  write?: 'fails' | 'lost-after-commit' | 'until-abandoned' | { untilDue: true; offsetMs: number };
}

const noAnswer = () => serviceUnavailable({ service: 'catalog' });
const silent = createLogger('orders-test', 'silent');

/** The catalog client, with the faults' failures after (reserve) or instead of (release) the real calls. */
class FaultyCatalog extends CatalogClient {
  constructor(
    url: string,
    private readonly faults: CheckoutFaults,
  ) {
    super(url, testEnv.INTERNAL_SECRET);
  }

  override async reserve(caller: OnBehalfOf, reservationId: string, lines: Array<{ productId: string; quantity: number }>): Promise<void> {
    await super.reserve(caller, reservationId, lines);
    if (this.faults.reserveAnswerLost) throw noAnswer();
  }

  override async release(caller: Pick<OnBehalfOf, 'requestId' | 'cacheTags'>, reservationId: string): Promise<number> {
    if (this.faults.releaseFails) throw noAnswer();
    return super.release(caller, reservationId);
  }
}

export class IntentsDatabase {
  private readonly pool: pg.Pool;

  constructor(databaseUrl: string) {
    this.pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  }

  async ofCustomers(userIds: string[]): Promise<Array<{ id: string; userId: string; state: CheckoutIntentState; releaseAttempts: number }>> {
    const { rows } = await this.pool.query(
      `SELECT id, user_id AS "userId", state::text AS state, release_attempts AS "releaseAttempts" FROM orders.checkout_intents WHERE user_id = ANY($1) ORDER BY created_at`,
      [userIds],
    );
    return rows;
  }

  /** An OPEN intent of the customer holding nothing, due in `dueInSeconds`; its id. */
  async insertOpen(userId: string, dueInSeconds: number): Promise<string> {
    const id = randomUUID();
    await this.pool.query(
      `INSERT INTO orders.checkout_intents (id, user_id, state, lines, due_at) VALUES ($1, $2, 'OPEN', '[]', now() + make_interval(secs => $3))`,
      [id, userId, dueInSeconds],
    );
    return id;
  }

  async isDue(id: string): Promise<boolean> {
    const { rows } = await this.pool.query(`SELECT due_at <= now() AS due FROM orders.checkout_intents WHERE id = $1`, [id]);
    return rows[0]?.due === true;
  }

  async stateOf(id: string): Promise<CheckoutIntentState | null> {
    const { rows } = await this.pool.query(`SELECT state::text AS state FROM orders.checkout_intents WHERE id = $1`, [id]);
    return rows[0]?.state ?? null;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition());) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs} ms`);
    await pause(25);
  }
}

/** The order writer of `fixture`, with the write fault (if any) around the real write. */
function faultyWriter(fixture: OrdersFixture, intents: IntentsDatabase, fault: CheckoutFaults['write']): Pick<OrderWriter, 'place'> {
  const writer = fixture.orders.providers.writer;
  return {
    async place(orderId, placed, options) {
      if (fault === 'fails') throw new Error('connection terminated unexpectedly');
      if (fault === 'until-abandoned') await until(async () => (await intents.stateOf(orderId)) !== 'OPEN');
      if (typeof fault === 'object') {
        await until(() => intents.isDue(orderId));
        if (fault.offsetMs > 0) await pause(fault.offsetMs);
      }
      const result = await writer.place(orderId, placed, options);
      if (fault === 'lost-after-commit') throw new Error('connection terminated unexpectedly');
      return result;
    },
  };
}

/** A checkout service of the fixture's stores and subgraphs, failing as `faults` say. */
export function checkoutWithFaults(fixture: OrdersFixture, intents: IntentsDatabase, faults: CheckoutFaults = {}): CheckoutService {
  return new CheckoutService({
    orders: fixture.orders.providers.orders,
    writer: faultyWriter(fixture, intents, faults.write),
    intents: fixture.orders.providers.intents,
    cart: new CartClient(fixture.cart.url),
    catalog: new FaultyCatalog(fixture.catalog.url, faults),
    users: new UsersClient(fixture.users.url),
    delivery: fixture.orders.providers.delivery,
    releaseRetrySeconds: 1,
  });
}

/** Checks out the customer's latest cart through `service`, as the resolver would (`answerBy`: when its caller stops waiting). */
export function checkOut(service: CheckoutService, customer: Shopper, extra: Record<string, unknown> = {}, answerBy?: number): Promise<Order> {
  const caller: OnBehalfOf = { authorization: customer.headers.authorization, requestId: randomUUID(), answerBy };
  return service.checkout(customer.id, caller, checkoutInput(customer, extra) as unknown as CheckoutRequest, silent).then(({ order }) => order);
}
