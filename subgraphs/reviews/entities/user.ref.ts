import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The users subgraph's User, known here only by its key; the router fetches the rest from users. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('User')
export class UserRef {
  @Field(() => ID)
  id!: string;
}
