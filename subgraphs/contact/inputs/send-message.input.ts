import { Field, ID, InputType } from 'type-graphql';
import { check, isEmail, isText, normaliseEmail } from '../../../runtime/validation';

@InputType()
export class SendMessageInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  subject!: string;

  @Field(() => String)
  body!: string;

  @Field(() => ID, { nullable: true, description: 'The signed-in sender (taken from the token in a later version)' })
  userId?: string;
}

export const MAX_BODY_LENGTH = 5_000;

export function validateSendMessage(input: SendMessageInput): void {
  check(isText(input.name, 100), 'name', 'Name must be 1 to 100 characters');
  check(isEmail(normaliseEmail(input.email)), 'email', 'Email address is not valid');
  check(isText(input.subject, 150), 'subject', 'Subject must be 1 to 150 characters');
  check(isText(input.body, MAX_BODY_LENGTH), 'body', `Message must be 1 to ${MAX_BODY_LENGTH} characters`);
}
