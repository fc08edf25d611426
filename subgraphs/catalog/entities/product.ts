import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Money } from '../../../runtime/graphql/money';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A bouquet, plant or gift the shop sells' })
export class Product {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Unique, URL-safe name' })
  slug!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => Money)
  price!: Money;

  @Field(() => Int, { description: 'Units available to sell' })
  stock!: number;

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => Date)
  createdAt!: Date;
}
