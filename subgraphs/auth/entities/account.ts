import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { UserRef } from '../../../runtime/graphql/entity-refs';
import { Role } from './role';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'Credentials and roles of someone who can sign in' })
export class Account {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => [Role])
  roles!: Role[];

  @Field(() => UserRef, { description: 'The profile kept by the users subgraph (same id)' })
  profile!: UserRef;

  @Field(() => Date)
  createdAt!: Date;
}
