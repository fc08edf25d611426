import { Field, ID, ObjectType } from 'type-graphql';
import { UserRef } from '../../../runtime/graphql/entity-refs';

/** A message on a ticket after it was opened, in the store: a reply (public to the sender) or a staff note. */
export interface TicketMessageRecord {
  id: string;
  ticketId: string;
  kind: 'REPLY' | 'NOTE';
  author: UserRef;
  fromStaff: boolean;
  body: string;
  createdAt: Date;
}

@ObjectType({ description: 'An answer on a ticket: from staff, or from the sender; the sender sees every reply' })
export class TicketReply {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  body!: string;

  @Field(() => UserRef)
  author!: UserRef;

  @Field(() => Boolean, { description: 'Written by the shop (staff) rather than the sender' })
  fromStaff!: boolean;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType({ description: 'An internal note on a ticket, for staff only: never shown to the sender' })
export class TicketNote {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  body!: string;

  @Field(() => UserRef)
  author!: UserRef;

  @Field(() => Date)
  createdAt!: Date;
}
