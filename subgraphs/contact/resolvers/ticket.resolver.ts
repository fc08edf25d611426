import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { ContactContext } from '../context';
import { Ticket } from '../entities/ticket';
import { NEXT_STATUSES } from '../domain/ticket-lifecycle';
import { TicketNote, TicketReply } from '../entities/ticket-message';
import { TicketStatus } from '../entities/ticket-status';
import { SendMessageInput, validateSendMessage } from '../inputs/send-message.input';
import { isUuid, normaliseEmail } from '../../../runtime/validation';
import { signedIn } from '../../../runtime/auth/signed-in';
import { timePositionCursor, timePositionOf } from '../../../runtime/graphql/cursor';
import { connectionPage, pageSize } from '../../../runtime/graphql/page-info';
import { TicketConnection } from '../entities/ticket-connection';
import type { TicketFilter, TicketStore } from '../store/ticket.store';

const MAX_PAGE = 100;
const page = (first: number) => pageSize(first, MAX_PAGE);

// Who may call what is decided in ../permissions.ts; the sender is always the verified caller, if any.
@Resolver(() => Ticket)
export class TicketResolver {
  @Query(() => Ticket, { nullable: true, description: 'A ticket by id (staff)' })
  ticket(@Arg('id', () => ID) id: string, @Ctx() { loaders }: ContactContext): Promise<Ticket | null> {
    return loaders.ticketById.load(id);
  }

  @Query(() => TicketConnection, { description: 'Tickets, newest first, optionally of one status, a page at a time (staff)' })
  ticketsConnection(
    @Arg('status', () => TicketStatus, { nullable: true }) status: TicketStatus | null | undefined,
    @Arg('first', () => Int, { defaultValue: 20, description: `At most ${MAX_PAGE}` }) first: number,
    @Arg('after', () => String, { nullable: true, description: "A previous page's `pageInfo.endCursor`" }) after: string | null | undefined,
    @Ctx() { providers }: ContactContext,
  ): Promise<TicketConnection> {
    return ticketPage(providers.tickets, { status: status ?? undefined }, first, after);
  }

  @Query(() => TicketConnection, {
    description: 'The tickets the signed-in caller sent while signed in, newest first, with the replies, a page at a time',
  })
  myTicketsConnection(
    @Arg('first', () => Int, { defaultValue: 20, description: `At most ${MAX_PAGE}` }) first: number,
    @Arg('after', () => String, { nullable: true, description: "A previous page's `pageInfo.endCursor`" }) after: string | null | undefined,
    @Ctx() { providers, identity }: ContactContext,
  ): Promise<TicketConnection> {
    return ticketPage(providers.tickets, { senderId: signedIn(identity).accountId }, first, after);
  }

  @Query(() => [Ticket], {
    description: 'Tickets, newest first, optionally of one status (staff)',
    deprecationReason: 'Use `ticketsConnection`: the same tickets a page at a time, with cursors and totalCount',
  })
  tickets(
    @Arg('status', () => TicketStatus, { nullable: true }) status: TicketStatus | undefined,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() { providers }: ContactContext,
  ): Promise<Ticket[]> {
    return providers.tickets.list(status ?? undefined, page(first));
  }

  @Query(() => [Ticket], {
    description: 'The tickets the signed-in caller sent while signed in, newest first, with the replies',
    deprecationReason: 'Use `myTicketsConnection`: the same tickets a page at a time, with cursors and totalCount',
  })
  myTickets(@Arg('first', () => Int, { defaultValue: 20 }) first: number, @Ctx() { providers, identity }: ContactContext): Promise<Ticket[]> {
    return providers.tickets.listBySender(signedIn(identity).accountId, page(first));
  }

  @Mutation(() => Ticket, {
    description: 'Sends a message to the shop, signed in or not; it becomes an OPEN ticket. Rate limited per client address and per email (TOO_MANY_ATTEMPTS)',
  })
  async sendContactMessage(
    @Arg('input', () => SendMessageInput) input: SendMessageInput,
    @Ctx() { providers, identity, clientAddress }: ContactContext,
  ): Promise<Ticket> {
    validateSendMessage(input);
    await providers.messageThrottle.consume(clientAddress, normaliseEmail(input.email));
    const ticket = await providers.tickets.open(input, identity?.accountId ?? null);
    return { ...ticket, sentInThisRequest: true };
  }

  @FieldResolver(() => [TicketStatus], { description: 'The statuses this ticket may move to next (changeTicketStatus)' })
  nextStatuses(@Root() ticket: Ticket): TicketStatus[] {
    return [...NEXT_STATUSES[ticket.status]];
  }

  @FieldResolver(() => [TicketReply], { description: 'Replies from staff and the sender, oldest first' })
  replies(@Root() ticket: Ticket, @Ctx() { loaders }: ContactContext) {
    return loaders.repliesByTicket.load(ticket.id);
  }

  @FieldResolver(() => [TicketNote], { description: 'Internal staff notes, oldest first (staff only)' })
  notes(@Root() ticket: Ticket, @Ctx() { loaders }: ContactContext) {
    return loaders.notesByTicket.load(ticket.id);
  }
}

async function ticketPage(tickets: TicketStore, filter: TicketFilter, first: number, after: string | null | undefined): Promise<TicketConnection> {
  const position = after ? timePositionOf(after, isUuid) : null;
  const page = await tickets.page(filter, pageSize(first, MAX_PAGE), position);
  const cursorOf = (ticket: Ticket) => timePositionCursor({ at: ticket.createdAt, id: ticket.id });
  return { ...connectionPage(page.tickets, cursorOf, page.hasNextPage), totalCount: page.totalCount };
}

export const resolveTicketReference = (reference: EntityRef, { loaders }: ContactContext) => loaders.ticketById.load(reference.id);
