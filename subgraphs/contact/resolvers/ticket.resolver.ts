import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { ContactContext } from '../context';
import { Ticket } from '../entities/ticket';
import { TicketStatus } from '../entities/ticket-status';
import { SendMessageInput, validateSendMessage } from '../inputs/send-message.input';

const MAX_PAGE = 100;
const page = (first: number) => Math.min(Math.max(first, 0), MAX_PAGE);

// Who may call what is decided in ../permissions.ts; the sender is always the verified caller, if any.
@Resolver(() => Ticket)
export class TicketResolver {
  @Query(() => Ticket, { nullable: true, description: 'A ticket by id (staff)' })
  ticket(@Arg('id', () => ID) id: string, @Ctx() { loaders }: ContactContext): Promise<Ticket | null> {
    return loaders.ticketById.load(id);
  }

  @Query(() => [Ticket], { description: 'Tickets, newest first, optionally of one status (staff)' })
  tickets(
    @Arg('status', () => TicketStatus, { nullable: true }) status: TicketStatus | undefined,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() { stores }: ContactContext,
  ): Promise<Ticket[]> {
    return stores.tickets.list(status ?? undefined, page(first));
  }

  @Query(() => [Ticket], { description: 'The tickets the signed-in caller sent while signed in, newest first' })
  myTickets(@Arg('first', () => Int, { defaultValue: 20 }) first: number, @Ctx() { stores, identity }: ContactContext): Promise<Ticket[]> {
    return stores.tickets.listBySender(identity!.accountId, page(first));
  }

  @Mutation(() => Ticket, { description: 'Sends a message to the shop, signed in or not; it becomes an OPEN ticket' })
  async sendContactMessage(
    @Arg('input', () => SendMessageInput) input: SendMessageInput,
    @Ctx() { stores, identity }: ContactContext,
  ): Promise<Ticket> {
    validateSendMessage(input);
    const ticket = await stores.tickets.open(input, identity?.accountId ?? null);
    return { ...ticket, sentInThisRequest: true };
  }
}

export const resolveTicketReference = (reference: EntityRef, { loaders }: ContactContext) => loaders.ticketById.load(reference.id);
