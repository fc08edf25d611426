import { Field, ObjectType } from 'type-graphql';
import { Account } from './account';

@ObjectType({ description: 'A signed-in session: a short-lived access token and the refresh token that renews it' })
export class AuthSession {
  @Field(() => String, { description: 'ES256 JWT; send it as `Authorization: Bearer <accessToken>`' })
  accessToken!: string;

  @Field(() => Date, { description: 'When the access token expires; refresh before then' })
  expiresAt!: Date;

  @Field(() => String, { description: 'Opaque and single-use: refreshSession takes it and returns a new pair' })
  refreshToken!: string;

  @Field(() => Date)
  refreshTokenExpiresAt!: Date;

  @Field(() => Account)
  account!: Account;
}
