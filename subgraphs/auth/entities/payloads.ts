import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Account } from './account';

@ObjectType({ description: 'Sessions that were signed out' })
export class SessionsRevokedPayload {
  @Field(() => Int)
  sessionsRevoked!: number;
}

@ObjectType({ description: 'The password changed; every other session was signed out' })
export class PasswordChangedPayload {
  @Field(() => Int)
  sessionsRevoked!: number;
}

@ObjectType({ description: 'The same answer whether or not the email belongs to an account' })
export class PasswordResetRequestedPayload {
  @Field(() => Boolean)
  accepted!: boolean;
}

@ObjectType({ description: 'The password was reset; every session of the account was signed out' })
export class PasswordResetPayload {
  @Field(() => Int)
  sessionsRevoked!: number;
}

@ObjectType()
export class RolesChangedPayload {
  @Field(() => Account)
  account!: Account;
}

@ObjectType()
export class AccountDeletedPayload {
  @Field(() => ID)
  accountId!: string;
}
