import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import { connectionPage, pageSize } from '../../../runtime/graphql/page-info';
import type { ReviewsContext } from '../context';
import { ProductRating } from '../entities/product-rating';
import { ProductReviews } from '../entities/product-reviews';
import { ReviewConnection } from '../entities/review-connection';
import { reviewCursor, reviewPosition } from '../store/review-cursor';

const MAX_REVIEWS_PAGE = 50;

/**
 * The fields this subgraph contributes to the catalog's Product. Nullable, so that while this subgraph is
 * down the router still answers with the catalog's fields (these null, with an error naming reviews).
 */
@Resolver(() => ProductReviews)
export class ProductReviewsResolver {
  @FieldResolver(() => ReviewConnection, { nullable: true, description: 'Approved reviews, newest first, a page at a time' })
  async reviews(
    @Root() product: ProductReviews,
    @Arg('first', () => Int, { defaultValue: 10, description: `At most ${MAX_REVIEWS_PAGE}` }) first: number,
    @Arg('after', () => String, { nullable: true, description: "A previous page's `pageInfo.endCursor`" }) after: string | null | undefined,
    @Ctx() { loaders, providers }: ReviewsContext,
  ): Promise<ReviewConnection> {
    const size = pageSize(first, MAX_REVIEWS_PAGE);
    const position = after ? reviewPosition(after) : null;
    const { reviews, hasNextPage } =
      size === 0 ? { reviews: [], hasNextPage: false } : await loaders.approvedReviews.load({ productId: product.id, first: size, after: position });
    return { ...connectionPage(reviews, reviewCursor, hasNextPage), countAll: () => providers.ratings.rating(product.id).count };
  }

  @FieldResolver(() => ProductRating, { nullable: true, description: 'Stars over the approved reviews' })
  rating(@Root() product: ProductReviews, @Ctx() { providers }: ReviewsContext): ProductRating {
    return providers.ratings.rating(product.id);
  }
}

/** Any product id is a product here: one without reviews has an empty list and no rating, nothing to look up. */
export const resolveProductReference = (reference: EntityRef): ProductReviews => ({ id: reference.id });
