import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { ReviewsContext } from '../context';
import { ProductRating } from '../entities/product-rating';
import { ProductReviews } from '../entities/product-reviews';
import { Review } from '../entities/review';

const MAX_REVIEWS_PAGE = 50;

/** The fields this subgraph contributes to the catalog's Product. */
@Resolver(() => ProductReviews)
export class ProductReviewsResolver {
  @FieldResolver(() => [Review], { description: 'Approved reviews, newest first' })
  async reviews(
    @Root() product: ProductReviews,
    @Arg('first', () => Int, { defaultValue: 10 }) first: number,
    @Ctx() { loaders }: ReviewsContext,
  ): Promise<Review[]> {
    const limit = Math.min(Math.max(first, 0), MAX_REVIEWS_PAGE);
    return limit === 0 ? [] : loaders.approvedReviews.load({ productId: product.id, first: limit });
  }

  @FieldResolver(() => ProductRating, { description: 'Stars over the approved reviews' })
  rating(@Root() product: ProductReviews, @Ctx() { loaders }: ReviewsContext): Promise<ProductRating> {
    return loaders.ratingByProductId.load(product.id);
  }
}

/** Any product id is a product here: one without reviews has an empty list and no rating, nothing to look up. */
export const resolveProductReference = (reference: EntityRef): ProductReviews => ({ id: reference.id });
