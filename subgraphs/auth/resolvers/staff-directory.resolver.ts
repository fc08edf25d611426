import { Arg, Ctx, Directive, ID, Query, Resolver } from 'type-graphql';
import { check, checkId } from '../../../runtime/validation';
import type { AuthContext } from '../context';
import { StaffAccount } from '../entities/staff-account';

/** At most this many ids per call: a service asks about the few accounts a change names, never the whole directory. */
export const MAX_STAFF_LOOKUP_IDS = 100;

/**
 * What other services may ask the auth service about accounts, calling as themselves (signed with
 * INTERNAL_SECRET, see runtime/auth/service-caller.ts): who in a list is staff. Who may call is decided in
 * ../permissions.ts; `@inaccessible` keeps the field out of the router's API, so no client can even name it.
 */
@Resolver()
export class StaffDirectoryResolver {
  @Directive('@inaccessible')
  @Query(() => [StaffAccount], {
    description:
      'The accounts among `ids` that hold STAFF or ADMIN, with their roles; ids of customer accounts and of no account are left out (internal: for the contact service)',
  })
  staffAccounts(@Arg('ids', () => [ID]) ids: string[], @Ctx() { providers }: AuthContext): Promise<StaffAccount[]> {
    check(ids.length <= MAX_STAFF_LOOKUP_IDS, 'ids', `At most ${MAX_STAFF_LOOKUP_IDS} ids at once`);
    for (const id of ids) checkId(id, 'ids');
    return providers.accounts.staffAmong(ids);
  }
}
