import { Field, InputType } from 'type-graphql';
import { check, isEmail, normaliseEmail } from '../../../runtime/validation';

@InputType()
export class RegisterAccountInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;
}

export const MIN_PASSWORD_LENGTH = 10;
// argon2 hashes long inputs fine, but an unbounded one is a cheap way to burn CPU.
export const MAX_PASSWORD_LENGTH = 256;

export function validateRegisterAccount(input: RegisterAccountInput): void {
  check(isEmail(normaliseEmail(input.email)), 'email', 'Email address is not valid');
  check(
    input.password.length >= MIN_PASSWORD_LENGTH && input.password.length <= MAX_PASSWORD_LENGTH,
    'password',
    `Password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
  );
}
