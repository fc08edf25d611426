import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Role } from './role';

/**
 * An account that may handle the shop's work (STAFF or ADMIN), as other services ask about it (the contact
 * service before it assigns a ticket). Not an entity and not in the public API: only `Query.staffAccounts`
 * returns it, and that field is for signed service callers.
 */
@Directive('@inaccessible')
@ObjectType({ description: 'A STAFF or ADMIN account and its roles (internal: for other services)' })
export class StaffAccount {
  @Field(() => ID)
  id!: string;

  @Field(() => [Role])
  roles!: Role[];
}
