import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The catalog's Product, known here only by its key; the router fetches the rest from catalog. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Product')
export class ProductRef {
  @Field(() => ID)
  id!: string;
}
