import { Field, ObjectType } from 'type-graphql';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType({ description: 'A picture of a product' })
export class ProductImage {
  @Field(() => String)
  url!: string;

  @Field(() => String, { description: 'Text for people who cannot see the picture' })
  alt!: string;
}
