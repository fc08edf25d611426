import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { UserRef } from '../../../runtime/graphql/entity-refs';
import { TicketStatus } from './ticket-status';

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A message sent to the shop, handled as a ticket' })
export class Ticket {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  subject!: string;

  @Field(() => String)
  body!: string;

  @Field(() => TicketStatus)
  status!: TicketStatus;

  @Field(() => UserRef, { nullable: true, description: 'The sender, when signed in' })
  sender!: UserRef | null;

  @Field(() => UserRef, { nullable: true, description: 'The staff member handling the ticket' })
  assignee!: UserRef | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date)
  updatedAt!: Date;

  /**
   * Set only on the ticket `sendContactMessage` returns, never on one read back: whoever sent a message may
   * see it in that answer, even when they are anonymous. Not in the schema; read by the permissions.
   */
  sentInThisRequest?: boolean;
}
