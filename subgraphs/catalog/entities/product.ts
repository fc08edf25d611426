import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Money } from '../../../runtime/graphql/money';
import type { ProductText, Translations } from './locale';
import { Occasion } from './occasion';
import { ProductImage } from './product-image';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

@CacheHint(SHOP_WINDOW_MAX_AGE)
@Directive('@key(fields: "id")')
@ObjectType({ description: 'A bouquet, plant or gift the shop sells' })
export class Product {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique, URL-safe name' })
  slug!: string;

  /** The base texts, served in a language without a translation; `name`, `description` and `tags` resolve by locale. */
  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  translations!: Translations<ProductText>;

  /** Resolved to `category` by the category loader. */
  categoryId!: string | null;

  @Field(() => [Occasion])
  occasions!: Occasion[];

  @Field(() => [String], { description: 'Lower-case colour names, e.g. "red"' })
  colours!: string[];

  @Field(() => [String], { description: 'Lower-case flower names, e.g. "rose"' })
  flowerTypes!: string[];

  @Field(() => [String])
  tags!: string[];

  @Field(() => Money)
  price!: Money;

  @Field(() => [ProductImage])
  images!: ProductImage[];

  @Field(() => Int, { description: 'Units available to sell' })
  stock!: number;

  @Field(() => Boolean)
  inStock!: boolean;

  @Field(() => Boolean, { description: 'False once archived: archived products are hidden from shoppers' })
  active!: boolean;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;
}
