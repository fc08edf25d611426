import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A delivery address' })
export class Address {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true, description: 'e.g. "Home", "Mum"' })
  label!: string | null;

  @Field(() => String)
  recipient!: string;

  @Field(() => String)
  line1!: string;

  @Field(() => String, { nullable: true })
  line2!: string | null;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  postalCode!: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country code' })
  country!: string;

  @Field(() => Boolean)
  isDefault!: boolean;
}
