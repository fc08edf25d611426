import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { UsersContext } from '../context';
import { Address } from '../entities/address';
import { User } from '../entities/user';
import { AddAddressInput, validateAddAddress } from '../inputs/add-address.input';
import { CreateUserInput, validateCreateUser } from '../inputs/create-user.input';

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true })
  user(@Arg('id', () => ID) id: string, @Ctx() { loaders }: UsersContext): Promise<User | null> {
    return loaders.userById.load(id);
  }

  @FieldResolver(() => [Address])
  addresses(@Root() user: User, @Ctx() { loaders }: UsersContext): Promise<Address[]> {
    return loaders.addressesByUserId.load(user.id);
  }

  @Mutation(() => User, { description: "Creates the profile of an auth account" })
  createUserProfile(@Arg('input', () => CreateUserInput) input: CreateUserInput, @Ctx() { stores }: UsersContext): Promise<User> {
    validateCreateUser(input);
    return stores.users.create(input);
  }

  @Mutation(() => Address)
  addAddress(
    @Arg('userId', () => ID) userId: string,
    @Arg('input', () => AddAddressInput) input: AddAddressInput,
    @Ctx() { stores }: UsersContext,
  ): Promise<Address> {
    validateAddAddress(input);
    return stores.users.addAddress(userId, input);
  }
}

export const resolveUserReference = (reference: EntityRef, { loaders }: UsersContext) => loaders.userById.load(reference.id);
