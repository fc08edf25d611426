import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { AuthContext } from '../context';
import { Account } from '../entities/account';
import { RegisterAccountInput, validateRegisterAccount } from '../inputs/register-account.input';

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true })
  account(@Arg('id', () => ID) id: string, @Ctx() { loaders }: AuthContext): Promise<Account | null> {
    return loaders.accountById.load(id);
  }

  @Mutation(() => Account, { description: 'Creates an account with the CUSTOMER role' })
  registerAccount(@Arg('input', () => RegisterAccountInput) input: RegisterAccountInput, @Ctx() { stores }: AuthContext): Promise<Account> {
    validateRegisterAccount(input);
    return stores.accounts.register(input);
  }
}

export const resolveAccountReference = (reference: EntityRef, { loaders }: AuthContext) => loaders.accountById.load(reference.id);
