import { Field, ID, ObjectType } from 'type-graphql';
import type { Translations } from './locale';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType({ description: 'A shelf of the shop: categories form a tree (Bouquets > Roses)' })
export class Category {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique, URL-safe name' })
  slug!: string;

  /** The base name; `name` resolves by locale. */
  @Field(() => String)
  name!: string;

  translations!: Translations<{ name: string }>;

  /** Ids from the root down to the parent; `parent`, `path` and `children` resolve from them. */
  parentId!: string | null;
  ancestorIds!: string[];
}
