import { randomUUID } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { replicaQueue, startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { byContract, eventOf, on, replicaChanged, type ReplicaChange } from '../../../runtime/events/contracts';
import { backoffDelay } from '../../../runtime/events/backoff';
import { PublisherClosed, type EventPublisher } from '../../../runtime/events/publisher';
import type { Logger } from '../../../runtime/logger';
import type { CatalogWrites, StockTransition } from '../store/catalog-writes';
import type { CatalogReadModel } from './catalog-read-model';

/**
 * Catalog replicas tell each other what they wrote: one event per write on `flores.events`, which each replica
 * takes from a queue of its own process that outlives its connection (runtime/events/consumer-queue.ts): what is
 * announced while a replica is cut off from the broker waits there and is applied when it is back. Stock changes
 * carry the ledger's version and count, applied as they are; other changes name the products and categories,
 * read again from the store.
 *
 * Consistency between replicas: a replica that wrote answers from its own copy at once; the others follow as
 * soon as the event reaches them (the broker's delivery: milliseconds) plus one read of the store. A writer cut off
 * from the broker announces again as soon as it is back (tried for as long as a catch-up takes to come); an event
 * never announced or dropped from a full queue is made up by the catch-up (catch-up.ts) within
 * CATALOG_CATCH_UP_INTERVAL_MS. The event is `catalog.replica.changed` (runtime/events/contracts/catalog.ts).
 */
export interface ReplicaSync {
  /** What this process's stores call on each write (store/catalog-writes.ts): the copy here, then the others. */
  writes: CatalogWrites;
  /** Starts taking the other replicas' changes; resolves once the queue is bound (nothing published later is missed). */
  listen(context: ConsumerContext): Promise<RunningConsumer>;
}

/** The waits before an announcement that could not be published is tried again: from about this, doubling up to the last. */
const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 4_000;

/**
 * `retryForMs`: how long an announcement the broker did not take (this process cut off from it) is tried again, in
 * the background; past it the others catch the write up from the store, as they would have by then anyway.
 */
export function replicaSync(model: () => CatalogReadModel, publisher: EventPublisher, logger: Logger, retryForMs: number): ReplicaSync {
  const origin = randomUUID();
  const announce = (change: Omit<ReplicaChange, 'origin'>) => {
    // Not awaited: the write is done and this copy follows it. The same event each time: applying it twice is
    // harmless (stock by version, the rest read again from the store).
    const event = eventOf(replicaChanged, { origin, ...change });
    const giveUpAt = Date.now() + retryForMs;
    const attempt = (tries: number) =>
      publisher.publish(event).catch((error: Error) => {
        if (error instanceof PublisherClosed) return; // this process is stopping
        // Jittered: the writes of an outage are not all tried again at the same moment.
        const waitMs = backoffDelay(tries, FIRST_RETRY_MS, LAST_RETRY_MS);
        if (Date.now() + waitMs > giveUpAt) {
          logger.warn({ err: error }, 'could not announce a catalog change to the other replicas; they catch it up from the store');
          return;
        }
        setTimeout(() => void attempt(tries + 1), waitMs).unref();
      });
    void attempt(1);
  };
  const stockOf = (transition: StockTransition) => ({ productId: transition.productId.toHexString(), version: transition.version, stock: transition.after });
  return {
    writes: {
      async productChanged(productId) {
        await model().refreshProduct(productId);
        announce({ products: [productId.toHexString()], stock: [], categories: [] });
      },
      async stockChanged(transition) {
        model().applyStock(transition);
        announce({ products: [], stock: [stockOf(transition)], categories: [] });
      },
      async categoryCreated(document) {
        model().categories.add(document);
        announce({ products: [], stock: [], categories: [document._id.toHexString()] });
      },
    },
    listen: (context) =>
      startConsumer({
        ...context,
        queue: replicaQueue('catalog.replica-changes'),
        ...byContract(
          on(replicaChanged, async (change) => {
            if (change.origin === origin) return;
            const readModel = model();
            for (const entry of change.stock) {
              readModel.applyStock({ productId: new ObjectId(entry.productId), version: entry.version, before: entry.stock, after: entry.stock });
            }
            await Promise.all([
              ...change.products.map((id) => readModel.refreshProduct(new ObjectId(id))),
              ...change.categories.map((id) => readModel.refreshCategory(new ObjectId(id))),
            ]);
          }),
        ),
      }),
  };
}
