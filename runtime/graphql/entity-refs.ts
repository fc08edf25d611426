import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { InheritCacheHint } from './cache-hint';

// Entities that other subgraphs own, known to a referencing subgraph only by their key;
// the router fetches their other fields from the owner (whose cache hints then apply), so the reference
// itself is as cacheable as the field holding it.

@InheritCacheHint()
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Product')
export class ProductRef {
  @Field(() => ID)
  id!: string;
}

@InheritCacheHint()
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
export class UserRef {
  @Field(() => ID)
  id!: string;
}
