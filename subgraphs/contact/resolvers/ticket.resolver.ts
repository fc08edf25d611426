import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { ContactContext } from '../context';
import { Ticket } from '../entities/ticket';
import { TicketStatus } from '../entities/ticket-status';
import { SendMessageInput, validateSendMessage } from '../inputs/send-message.input';

const MAX_PAGE = 100;

@Resolver(() => Ticket)
export class TicketResolver {
  @Query(() => Ticket, { nullable: true })
  ticket(@Arg('id', () => ID) id: string, @Ctx() { loaders }: ContactContext): Promise<Ticket | null> {
    return loaders.ticketById.load(id);
  }

  @Query(() => [Ticket], { description: 'Tickets, newest first, optionally of one status' })
  tickets(
    @Arg('status', () => TicketStatus, { nullable: true }) status: TicketStatus | undefined,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() { stores }: ContactContext,
  ): Promise<Ticket[]> {
    return stores.tickets.list(status ?? undefined, Math.min(Math.max(first, 0), MAX_PAGE));
  }

  @Mutation(() => Ticket, { description: 'Sends a message to the shop; it becomes an OPEN ticket' })
  sendContactMessage(@Arg('input', () => SendMessageInput) input: SendMessageInput, @Ctx() { stores }: ContactContext): Promise<Ticket> {
    validateSendMessage(input);
    return stores.tickets.open(input);
  }
}

export const resolveTicketReference = (reference: EntityRef, { loaders }: ContactContext) => loaders.ticketById.load(reference.id);
