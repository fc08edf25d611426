import { Field, ID, InputType } from 'type-graphql';
import { check, isEmail, isText } from '../../../runtime/validation';

@InputType()
export class CreateUserInput {
  @Field(() => ID, { description: 'The auth account id this profile belongs to' })
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String, { nullable: true })
  phone?: string;
}

const PHONE = /^\+?[0-9 ()-]{6,20}$/;

export function validateCreateUser(input: CreateUserInput): void {
  check(input.id.length > 0 && input.id.length <= 64, 'id', 'Id must be 1 to 64 characters');
  check(isEmail(input.email.trim()), 'email', 'Email address is not valid');
  check(isText(input.displayName, 100), 'displayName', 'Display name must be 1 to 100 characters');
  check(input.phone === undefined || input.phone === null || PHONE.test(input.phone), 'phone', 'Phone number is not valid');
}
