import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { UsersContext } from '../context';
import { Address } from '../entities/address';
import { UserPreferences } from '../entities/preferences';
import { User } from '../entities/user';
import { UserConnection } from '../entities/user-connection';
import { UpdateMyPreferencesInput, validateUpdateMyPreferences } from '../inputs/preferences.input';
import { UpdateMyProfileInput, validateUpdateMyProfile } from '../inputs/profile.input';
import { DEFAULT_PAGE_SIZE, validateUsersPage } from '../inputs/users-page.args';
import { defaultPreferences } from '../store/preferences.store';
import { encodeUserCursor } from '../store/user-cursor';
import { liveProfileOfCaller, profileOfCaller } from './caller';

@Resolver(() => User)
export class UserResolver {
  // Whose profile depends on who asks: never shared, whatever fields are selected.
  @CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
  @Query(() => User, { description: "The caller's profile (created on first use from the access token if needed)" })
  me(@Ctx() context: UsersContext): Promise<User> {
    return profileOfCaller(context);
  }

  @CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
  @Query(() => User, { nullable: true, description: "A profile: the caller's own, or anyone's for staff" })
  user(@Arg('id', () => ID) id: string, @Ctx() { loaders }: UsersContext): Promise<User | null> {
    return loaders.userById.load(id);
  }

  @Query(() => UserConnection, {
    description: 'Staff: profiles newest first, optionally only those whose email or display name starts with `search` (case-insensitive)',
  })
  async users(
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: 'At most 100' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'endCursor of the previous page' }) after: string | null,
    @Arg('search', () => String, { nullable: true }) search: string | null,
    @Ctx() { providers, loaders }: UsersContext,
  ): Promise<UserConnection> {
    const page = await providers.users.list(validateUsersPage(first, after, search));
    for (const user of page.users) loaders.userById.prime(user.id, user);
    const edges = page.users.map((node) => ({ cursor: encodeUserCursor(node), node }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }

  @FieldResolver(() => [Address])
  addresses(@Root() user: User, @Ctx() { loaders }: UsersContext): Promise<Address[]> {
    return loaders.addressesByUserId.load(user.id);
  }

  @FieldResolver(() => UserPreferences)
  async preferences(@Root() user: User, @Ctx() { loaders }: UsersContext): Promise<UserPreferences> {
    return (await loaders.preferencesByUserId.load(user.id)) ?? defaultPreferences(user.id);
  }

  @Mutation(() => User, { description: "Changes the caller's display name or phone" })
  async updateMyProfile(@Arg('input', () => UpdateMyProfileInput) input: UpdateMyProfileInput, @Ctx() context: UsersContext): Promise<User> {
    const patch = validateUpdateMyProfile(input);
    const profile = await liveProfileOfCaller(context);
    const updated = await context.providers.users.updateProfile(profile.id, patch);
    context.loaders.userById.clear(profile.id).prime(profile.id, updated);
    return updated;
  }

  @Mutation(() => UserPreferences, { description: "Changes the caller's preferences" })
  async updateMyPreferences(
    @Arg('input', () => UpdateMyPreferencesInput) input: UpdateMyPreferencesInput,
    @Ctx() context: UsersContext,
  ): Promise<UserPreferences> {
    const patch = validateUpdateMyPreferences(input);
    const profile = await liveProfileOfCaller(context);
    const preferences = await context.providers.preferences.update(profile.id, patch);
    context.loaders.preferencesByUserId.clear(profile.id).prime(profile.id, preferences);
    return preferences;
  }
}

export const resolveUserReference = (reference: EntityRef, { loaders }: UsersContext) => loaders.userById.load(reference.id);
