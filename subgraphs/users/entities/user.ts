import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Address } from './address';
import { UserPreferences } from './preferences';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

// `id` and `displayName` are public (reviews show their author): an answer with only those is shared. Every other
// field holds its owner's details and makes the answer cached per account only.
@CacheHint(SHOP_WINDOW_MAX_AGE)
@Directive('@key(fields: "id")')
@ObjectType({ description: "A shop customer's or staff member's profile. Only `id` and `displayName` are public" })
export class User {
  @Field(() => ID, { description: 'The same id as the auth account' })
  id!: string;

  @CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
  @Field(() => String, { nullable: true, description: "The account's email in lower case; null until the shop knows it" })
  email!: string | null;

  @Field(() => String, { description: 'Shown publicly, e.g. beside reviews' })
  displayName!: string;

  @CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
  @Field(() => String, { nullable: true })
  phone!: string | null;

  @CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
  @Field(() => [Address], { description: 'Delivery addresses, the default first' })
  addresses?: Address[];

  @CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
  @Field(() => UserPreferences)
  preferences?: UserPreferences;

  @CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
  @Field(() => Date)
  createdAt!: Date;

  /** Set once the account is deleted (the profile is then anonymised); not exposed. */
  deletedAt!: Date | null;
}
