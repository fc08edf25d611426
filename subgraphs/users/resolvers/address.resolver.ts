import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { checkId } from '../../../runtime/validation';
import type { UsersContext } from '../context';
import { Address } from '../entities/address';
import { User } from '../entities/user';
import { AddAddressInput, UpdateAddressInput, validateAddAddress, validateUpdateAddress } from '../inputs/address.input';
import { liveProfileOfCaller } from './caller';
import { signedIn } from '../../../runtime/auth/signed-in';

// Every mutation acts on the caller's own addresses; an id that is not one of them is NOT_FOUND.
@Resolver(() => Address)
export class AddressResolver {
  @Mutation(() => Address, { description: 'Adds a delivery address for the caller (at most 10)' })
  async addAddress(@Arg('input', () => AddAddressInput) input: AddAddressInput, @Ctx() context: UsersContext): Promise<Address> {
    const data = validateAddAddress(input);
    const profile = await liveProfileOfCaller(context);
    const address = await context.providers.addresses.add(profile.id, data, input.isDefault);
    context.loaders.addressesByUserId.clear(profile.id);
    return address;
  }

  @Mutation(() => Address, { description: "Changes one of the caller's addresses" })
  async updateAddress(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateAddressInput) input: UpdateAddressInput,
    @Ctx() context: UsersContext,
  ): Promise<Address> {
    checkId(id, 'id');
    const data = validateUpdateAddress(input);
    const { accountId } = signedIn(context.identity);
    const address = await context.providers.addresses.update(accountId, id, data);
    context.loaders.addressesByUserId.clear(accountId);
    return address;
  }

  @Mutation(() => User, { description: "Deletes one of the caller's addresses; returns the caller's profile (a new default, if any, is among its addresses)" })
  async deleteAddress(@Arg('id', () => ID) id: string, @Ctx() context: UsersContext): Promise<User> {
    checkId(id, 'id');
    const { accountId } = signedIn(context.identity);
    await context.providers.addresses.delete(accountId, id);
    context.loaders.addressesByUserId.clear(accountId);
    return liveProfileOfCaller(context);
  }

  @Mutation(() => Address, { description: "Makes one of the caller's addresses the default" })
  async setDefaultAddress(@Arg('id', () => ID) id: string, @Ctx() context: UsersContext): Promise<Address> {
    checkId(id, 'id');
    const { accountId } = signedIn(context.identity);
    const address = await context.providers.addresses.setDefault(accountId, id);
    context.loaders.addressesByUserId.clear(accountId);
    return address;
  }
}
