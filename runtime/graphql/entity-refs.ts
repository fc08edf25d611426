import { Directive, Field, ID, ObjectType } from 'type-graphql';

// Entities that other subgraphs own, known to a referencing subgraph only by their key;
// the router fetches their other fields from the owner.

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Product')
export class ProductRef {
  @Field(() => ID)
  id!: string;
}

@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
export class UserRef {
  @Field(() => ID)
  id!: string;
}
