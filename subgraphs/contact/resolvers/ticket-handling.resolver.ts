import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { isStaff } from '../../../runtime/auth/identity';
import { forbiddenError } from '../../../runtime/auth/rules';
import { DomainError, notFound } from '../../../runtime/errors';
import type { ContactContext } from '../context';
import { Ticket } from '../entities/ticket';
import { assertTransition, canMove } from '../domain/ticket-lifecycle';
import { TicketStatus } from '../entities/ticket-status';
import { validateAssignee, validateTicketText } from '../inputs/ticket-text.input';
import type { TicketStore } from '../store/ticket.store';
import { signedIn } from '../../../runtime/auth/signed-in';

async function existing(tickets: TicketStore, id: string): Promise<Ticket> {
  const ticket = await tickets.findById(id);
  if (!ticket) throw notFound('Ticket', id);
  return ticket;
}

export const assigneeNotStaff = (assigneeId: string) =>
  new DomainError('ASSIGNEE_NOT_STAFF', `Account ${assigneeId} is not a staff account: tickets are assigned to STAFF or ADMIN accounts`, {
    field: 'assigneeId',
    assigneeId,
  });

/**
 * How staff work a ticket, and how its sender answers. Staff-only mutations are guarded in ../permissions.ts;
 * `replyToTicket` is open to any signed-in caller and checks here that a customer replies to their own ticket.
 */
@Resolver(() => Ticket)
export class TicketHandlingResolver {
  @Mutation(() => Ticket, {
    description:
      'Gives a ticket to a staff member (their account id) to handle (staff). ASSIGNEE_NOT_STAFF unless assigneeId is a STAFF or ADMIN account; SERVICE_UNAVAILABLE when that cannot be checked now. Either way nothing changes',
  })
  async assignTicket(
    @Arg('id', () => ID) id: string,
    @Arg('assigneeId', () => ID) assigneeId: string,
    @Ctx() { providers, requestId, logger }: ContactContext,
  ): Promise<Ticket> {
    validateAssignee(assigneeId);
    await existing(providers.tickets, id);
    // Asked of the auth service at each assignment, never assumed: no check, no assignment.
    if (!(await providers.auth.isStaffAccount({ requestId, logger }, assigneeId))) throw assigneeNotStaff(assigneeId);
    return providers.tickets.assign(id, assigneeId);
  }

  @Mutation(() => Ticket, { description: 'Moves a ticket along its lifecycle; INVALID_TRANSITION unless the move is in Ticket.nextStatuses (staff)' })
  async changeTicketStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => TicketStatus) status: TicketStatus,
    @Ctx() { providers }: ContactContext,
  ): Promise<Ticket> {
    const ticket = await existing(providers.tickets, id);
    assertTransition(ticket.status, status, id, 'status');
    return providers.tickets.changeStatus(id, ticket.status, status);
  }

  @Mutation(() => Ticket, { description: 'Adds an internal note, never shown to the sender (staff)' })
  async addTicketNote(
    @Arg('id', () => ID) id: string,
    @Arg('body', () => String) body: string,
    @Ctx() { providers, identity }: ContactContext,
  ): Promise<Ticket> {
    validateTicketText(body);
    const ticket = await existing(providers.tickets, id);
    const added = await providers.tickets.addMessage(id, {
      kind: 'NOTE',
      authorId: signedIn(identity).accountId,
      fromStaff: true,
      body,
      expectedStatus: ticket.status,
    });
    return added.ticket;
  }

  @Mutation(() => Ticket, {
    description:
      'Answers on a ticket, visible to its sender: staff on any ticket (an OPEN one becomes IN_PROGRESS), the sender on their own (a RESOLVED one is reopened). A CLOSED ticket takes no replies',
  })
  async replyToTicket(
    @Arg('id', () => ID) id: string,
    @Arg('body', () => String) body: string,
    @Ctx() { providers, identity }: ContactContext,
  ): Promise<Ticket> {
    validateTicketText(body);
    const ticket = await existing(providers.tickets, id);
    const fromStaff = isStaff(identity);
    if (!fromStaff && ticket.sender?.id !== signedIn(identity).accountId) throw forbiddenError();
    // The shop answering starts the work; the sender answering a resolved ticket says it is not resolved.
    if (ticket.status === TicketStatus.CLOSED) assertTransition(ticket.status, TicketStatus.IN_PROGRESS, id);
    const reopensOrStarts = ticket.status === (fromStaff ? TicketStatus.OPEN : TicketStatus.RESOLVED);
    const moveTo = reopensOrStarts && canMove(ticket.status, TicketStatus.IN_PROGRESS) ? TicketStatus.IN_PROGRESS : undefined;
    const added = await providers.tickets.addMessage(id, {
      kind: 'REPLY',
      authorId: signedIn(identity).accountId,
      fromStaff,
      body,
      expectedStatus: ticket.status,
      moveTo,
    });
    return added.ticket;
  }
}
