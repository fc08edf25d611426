import { FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { ReviewConnection } from '../entities/review-connection';

/** `totalCount` is counted only when asked for: a product page showing five reviews need not count them all. */
@Resolver(() => ReviewConnection)
export class ReviewConnectionResolver {
  @FieldResolver(() => Int, {
    description:
      "How many reviews the listing holds over all pages: all of the caller's (`myReviewsConnection`), a product's approved ones as its rating counts them (`Product.reviews`)",
  })
  totalCount(@Root() connection: ReviewConnection): number | Promise<number> {
    return connection.countAll();
  }
}
