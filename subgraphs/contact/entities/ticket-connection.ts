import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../runtime/graphql/page-info';
import { Ticket } from './ticket';

// No cache hint, as tickets have none: a ticket changes with every reply, so answers holding one are never cached.

@ObjectType({ description: 'A ticket in a page of tickets, with the cursor to resume after it' })
export class TicketEdge {
  @Field(() => String, { description: 'Opaque' })
  cursor!: string;

  @Field(() => Ticket)
  node!: Ticket;
}

@ObjectType({ description: 'A page of tickets, newest first' })
export class TicketConnection {
  @Field(() => [TicketEdge])
  edges!: TicketEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many tickets match, over all pages' })
  totalCount!: number;
}
