import { Field, InputType } from 'type-graphql';
import { check, isEmail, isText, normaliseEmail } from '../../../runtime/validation';

@InputType({ description: 'A message to the shop; when the sender is signed in, the ticket is theirs (from the access token)' })
export class SendMessageInput {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  subject!: string;

  @Field(() => String)
  body!: string;
}

export const MAX_BODY_LENGTH = 5_000;

export function validateSendMessage(input: SendMessageInput): void {
  check(isText(input.name, 100), 'name', 'Name must be 1 to 100 characters');
  check(isEmail(normaliseEmail(input.email)), 'email', 'Email address is not valid');
  check(isText(input.subject, 150), 'subject', 'Subject must be 1 to 150 characters');
  check(isText(input.body, MAX_BODY_LENGTH), 'body', `Message must be 1 to ${MAX_BODY_LENGTH} characters`);
}
