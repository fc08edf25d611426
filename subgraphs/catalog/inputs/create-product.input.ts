import { Field, InputType, Int } from 'type-graphql';
import { check, isCurrencyCode } from '../../../runtime/validation';

@InputType()
export class CreateProductInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Derived from the name when omitted' })
  slug?: string;

  @Field(() => String, { defaultValue: '' })
  description!: string;

  @Field(() => Int, { description: 'Price in minor units (cents)' })
  priceMinor!: number;

  @Field(() => String, { defaultValue: 'EUR' })
  currency!: string;

  @Field(() => Int, { defaultValue: 0 })
  stock!: number;
}

export function validateCreateProduct(input: CreateProductInput): void {
  check(input.name.trim().length > 0 && input.name.length <= 200, 'name', 'Name must be 1 to 200 characters');
  check(Number.isSafeInteger(input.priceMinor) && input.priceMinor > 0, 'priceMinor', 'Price must be a positive amount in cents');
  check(isCurrencyCode(input.currency.toUpperCase()), 'currency', 'Currency must be an ISO 4217 code such as EUR');
  check(input.stock >= 0, 'stock', 'Stock cannot be negative');
  check(input.description.length <= 5_000, 'description', 'Description must be at most 5000 characters');
}
