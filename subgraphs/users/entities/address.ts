import { Field, ID, ObjectType } from 'type-graphql';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@ObjectType({ description: 'A delivery address' })
export class Address {
  @Field(() => ID)
  id!: string;

  /** The owner's account id: the permission rules read it; not exposed. */
  userId!: string;

  @Field(() => String, { nullable: true, description: 'e.g. "Home", "Mum"' })
  label!: string | null;

  @Field(() => String)
  recipient!: string;

  @Field(() => String)
  line1!: string;

  @Field(() => String, { nullable: true })
  line2!: string | null;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  postalCode!: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country code' })
  country!: string;

  @Field(() => String, { nullable: true, description: 'A number the courier can call on delivery' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'For the courier, e.g. "ring twice, 3rd floor"' })
  instructions!: string | null;

  @Field(() => Boolean, { description: 'The address orders go to unless another is chosen; exactly one when any exist' })
  isDefault!: boolean;
}
