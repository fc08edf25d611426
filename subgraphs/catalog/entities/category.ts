import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A shelf of the shop: categories form a tree (Bouquets > Roses)' })
export class Category {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique, URL-safe name' })
  slug!: string;

  @Field(() => String)
  name!: string;

  /** Ids from the root down to the parent; `parent`, `path` and `children` resolve from them. */
  parentId!: string | null;
  ancestorIds!: string[];
}
