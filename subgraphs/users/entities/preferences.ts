import { Field, ObjectType } from 'type-graphql';
import { Occasion } from './occasion';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@ObjectType('UserPreferences', { description: "A customer's tastes and settings; the defaults until they change any" })
export class UserPreferences {
  /** Whose preferences these are: the permission rules read it; not exposed. */
  userId!: string;

  @Field(() => String, { description: 'BCP 47 language tag, one of the supported languages (es, en, pt)' })
  language!: string;

  @Field(() => Boolean, { description: 'Whether they asked for the newsletter' })
  newsletterOptIn!: boolean;

  @Field(() => [String], { description: 'Flowers they like, e.g. "tulips"' })
  favouriteFlowers!: string[];

  @Field(() => [Occasion])
  favouriteOccasions!: Occasion[];
}
