import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Address } from './address';

@Directive('@key(fields: "id")')
@ObjectType({ description: "A shop customer's or staff member's profile" })
export class User {
  @Field(() => ID, { description: 'The same id as the auth account' })
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => [Address], { description: 'Delivery addresses, the default first' })
  addresses?: Address[];

  @Field(() => Date)
  createdAt!: Date;
}
