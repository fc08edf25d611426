import type { Registry } from 'prom-client';
import { storeReadMetrics } from '../../../runtime/store-read-metrics';
import type { ReviewStore } from './review.store';

/**
 * `reviews_by_status{status}`: reviews in each moderation status now (PENDING is the moderation queue), counted in
 * the reviews collection at scrape time. Authors may delete their reviews, so the increase of the sum over a window is
 * the reviews submitted in it less those deleted.
 */
export function reviewMetrics(registry: Registry, reviews: ReviewStore): void {
  storeReadMetrics(registry, ['status'], { reviews_by_status: { help: 'Reviews in each moderation status now (counted at scrape time)' } }, async () =>
    [...(await reviews.countByStatus())].map(([status, count]) => ({ labels: { status }, values: { reviews_by_status: count } })),
  );
}
