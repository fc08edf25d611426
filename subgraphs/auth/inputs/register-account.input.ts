import { Field, InputType } from 'type-graphql';
import { check, isEmail, normaliseEmail } from '../../../runtime/validation';
import { checkPasswordPolicy } from '../security/password-policy';

@InputType()
export class RegisterAccountInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

export function validateRegisterAccount(input: RegisterAccountInput): void {
  check(isEmail(normaliseEmail(input.email)), 'email', 'Email address is not valid');
  checkPasswordPolicy(input.password, input.email);
}
