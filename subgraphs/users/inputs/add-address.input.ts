import { Field, InputType } from 'type-graphql';
import { check, isText } from '../../../runtime/validation';

@InputType()
export class AddAddressInput {
  @Field(() => String, { nullable: true })
  label?: string;

  @Field(() => String)
  recipient!: string;

  @Field(() => String)
  line1!: string;

  @Field(() => String, { nullable: true })
  line2?: string;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  postalCode!: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country code' })
  country!: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Make it the default; the first address always is' })
  isDefault!: boolean;
}

export function validateAddAddress(input: AddAddressInput): void {
  check(isText(input.recipient, 100), 'recipient', 'Recipient must be 1 to 100 characters');
  check(isText(input.line1, 200), 'line1', 'Address line 1 must be 1 to 200 characters');
  check(input.line2 == null || input.line2.length <= 200, 'line2', 'Address line 2 must be at most 200 characters');
  check(isText(input.city, 100), 'city', 'City must be 1 to 100 characters');
  check(isText(input.postalCode, 20), 'postalCode', 'Postal code must be 1 to 20 characters');
  check(/^[A-Z]{2}$/.test(input.country), 'country', 'Country must be an ISO 3166-1 alpha-2 code such as CL');
  check(input.label == null || input.label.length <= 50, 'label', 'Label must be at most 50 characters');
}
