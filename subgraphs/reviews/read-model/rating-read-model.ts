import type { ProductRating } from '../entities/product-rating';

/** Approved stars of one product: how many reviews, their sum, and the read sequence they come from. */
interface Totals {
  count: number;
  stars: number;
  seq: number;
}

/** Rows of approved reviews per product and star value (what `ReviewStore.approvedHistogram` reads). */
export type RatingHistogram = Array<{ productId: string; rating: number; count: number }>;

export interface RatingSource {
  /** Every product's approved reviews, or one product's. */
  approvedHistogram(productId?: string): Promise<RatingHistogram>;
}

const NO_RATING: ProductRating = { average: null, count: 0 };

/**
 * Every product's rating over its approved reviews, in memory: `Product.rating` answers from it without a store
 * round trip. Loaded before the service takes requests; kept current by this process's own changes of reviews
 * (before they answer), by the `reviews.rating.changed` events of the other replicas' changes (read again from
 * the store), and by a periodic full reload for an event missed while disconnected (REVIEWS_RATINGS_RELOAD_MS).
 * Reads are applied in the order they started, so an older read never overwrites a newer one.
 */
export class RatingReadModel {
  private readonly totals = new Map<string, Totals>();
  private sequence = 0;

  constructor(private readonly source: RatingSource) {}

  rating(productId: string): ProductRating {
    const totals = this.totals.get(productId);
    return totals && totals.count > 0 ? { average: totals.stars / totals.count, count: totals.count } : NO_RATING;
  }

  /** Every product again (at start, then as the safety net). */
  async load(): Promise<void> {
    const seq = (this.sequence += 1);
    const fresh = sum(await this.source.approvedHistogram());
    for (const productId of this.totals.keys()) if (!fresh.has(productId)) fresh.set(productId, { count: 0, stars: 0 });
    for (const [productId, totals] of fresh) this.apply(productId, totals, seq);
  }

  /** One product again, after a change of its reviews here or elsewhere. */
  async refresh(productId: string): Promise<void> {
    const seq = (this.sequence += 1);
    const fresh = sum(await this.source.approvedHistogram(productId));
    this.apply(productId, fresh.get(productId) ?? { count: 0, stars: 0 }, seq);
  }

  private apply(productId: string, totals: { count: number; stars: number }, seq: number): void {
    const held = this.totals.get(productId);
    if (held && held.seq > seq) return;
    if (totals.count === 0 && !held) return;
    this.totals.set(productId, { ...totals, seq });
  }
}

function sum(histogram: RatingHistogram): Map<string, { count: number; stars: number }> {
  const totals = new Map<string, { count: number; stars: number }>();
  for (const { productId, rating, count } of histogram) {
    const total = totals.get(productId) ?? { count: 0, stars: 0 };
    totals.set(productId, { count: total.count + count, stars: total.stars + rating * count });
  }
  return totals;
}
