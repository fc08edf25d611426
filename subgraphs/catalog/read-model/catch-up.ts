import type { Logger } from '../../../runtime/logger';
import { bucketOf, CHANGE_BUCKET_MS } from '../store/change-stamp';
import type { CategoryStore } from '../store/category.store';
import type { ProductStore } from '../store/product.store';
import type { CatalogReadModel } from './catalog-read-model';

/**
 * How far back each catch-up looks before the previous one started, and ahead of now: writers stamp changes
 * with their own clocks (see store/change-stamp.ts), and a write can land a little after its stamp.
 */
const LOOK_BACK_MS = 20_000;
const LOOK_AHEAD_MS = 10_000;
/** Past this many buckets (the process was paused or the store away for long), everything is read again. */
const MAX_BUCKETS = 60;

export interface CatchUp {
  stop(): Promise<void>;
}

/**
 * The safety net under the replicas' announcements (replica-sync.ts): every `intervalMs`, the products and
 * categories whose change stamp falls in a bucket since the last catch-up (less LOOK_BACK_MS) are read and
 * applied, each only if newer (the read model orders them). One equality query per 10-second bucket: an index
 * point look-up on MongoDB, pushed down to PostgreSQL by FerretDB. A failed round is tried again at the next tick
 * from the same starting point, so nothing is skipped while the store is away.
 */
export function startCatchUp(
  model: CatalogReadModel,
  providers: { products: ProductStore; categories: CategoryStore },
  options: { intervalMs: number; logger: Logger; since: number },
): CatchUp {
  let since = options.since;
  let running: Promise<void> | null = null;

  const round = async () => {
    const startedAt = Date.now();
    const first = bucketOf(since - LOOK_BACK_MS).getTime();
    const last = bucketOf(startedAt + LOOK_AHEAD_MS).getTime();
    if ((last - first) / CHANGE_BUCKET_MS > MAX_BUCKETS) {
      await model.load();
    } else {
      for (let bucket = first; bucket <= last; bucket += CHANGE_BUCKET_MS) {
        const seq = model.nextReadSeq();
        const [categories, products] = await Promise.all([providers.categories.changedIn(new Date(bucket)), providers.products.changedIn(new Date(bucket))]);
        for (const category of categories) model.categories.add(category);
        for (const product of products) model.applyProduct(product, seq);
      }
    }
    since = startedAt;
  };

  const timer = setInterval(() => {
    // A round still running (a slow store) is not joined by another.
    running ??= round()
      .catch((error: Error) => options.logger.warn({ err: error }, 'catalog catch-up failed; trying again at the next tick'))
      .finally(() => (running = null));
  }, options.intervalMs);
  timer.unref();

  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
