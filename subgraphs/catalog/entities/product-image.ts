import { Field, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A picture of a product' })
export class ProductImage {
  @Field(() => String)
  url!: string;

  @Field(() => String, { description: 'Text for people who cannot see the picture' })
  alt!: string;
}
