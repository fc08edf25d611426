import type { Prisma, PrismaClient, Ticket as TicketRow, TicketMessage as TicketMessageRow } from '../../../prisma/contact/client/client';
import type { TimePosition } from '../../../runtime/graphql/cursor';
import { DomainError } from '../../../runtime/errors';
import { ticketOpened, ticketReplied } from '../../../runtime/events/contracts';
import { recordEvent } from '../../../runtime/events/outbox';
import { normaliseEmail } from '../../../runtime/validation';
import type { TicketMessageRecord } from '../entities/ticket-message';
import type { Ticket } from '../entities/ticket';
import type { TicketStatus } from '../entities/ticket-status';
import type { SendMessageInput } from '../inputs/send-message.input';

const NEWEST_FIRST = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** Which tickets a page lists; every field given narrows it. */
export interface TicketFilter {
  status?: TicketStatus;
  /** The account that sent them signed in. */
  senderId?: string;
}

export interface TicketPage {
  tickets: Ticket[];
  hasNextPage: boolean;
  totalCount: number;
}

/** What `addMessage` writes: a reply or a note, and, for a reply, the status the ticket moves to with it. */
export interface NewTicketMessage {
  kind: 'REPLY' | 'NOTE';
  authorId: string;
  fromStaff: boolean;
  body: string;
  /** The status the caller read; the write fails with CONFLICT when the ticket changed meanwhile. */
  expectedStatus: TicketStatus;
  moveTo?: TicketStatus;
}

/** Customer messages as tickets, with their replies, notes and outbox, in the `contact` PostgreSQL schema. */
export class TicketStore {
  constructor(private readonly prisma: PrismaClient) {}

  async findByIds(ids: readonly string[]): Promise<Ticket[]> {
    const rows = await this.prisma.ticket.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toTicket);
  }

  async findById(id: string): Promise<Ticket | null> {
    const row = await this.prisma.ticket.findUnique({ where: { id } });
    return row ? toTicket(row) : null;
  }

  /**
   * A page of tickets, newest first (createdAt, then id), after `after`, with how many match over all pages. The
   * cursor is a position, not an offset: a ticket opened meanwhile does not shift the next page.
   */
  async page(filter: TicketFilter, first: number, after: TimePosition | null): Promise<TicketPage> {
    const where: Prisma.TicketWhereInput = { status: filter.status, userId: filter.senderId };
    const resume: Prisma.TicketWhereInput | undefined = after
      ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] }
      : undefined;
    const [rows, totalCount] = await Promise.all([
      // One more than the page, to tell whether there is a next one (also for a page of 0).
      this.prisma.ticket.findMany({ where: resume ? { AND: [where, resume] } : where, orderBy: NEWEST_FIRST, take: first + 1 }),
      this.prisma.ticket.count({ where }),
    ]);
    return { tickets: rows.slice(0, first).map(toTicket), hasNextPage: rows.length > first, totalCount };
  }

  async list(status: TicketStatus | undefined, first: number): Promise<Ticket[]> {
    const rows = await this.prisma.ticket.findMany({ where: status ? { status } : {}, orderBy: NEWEST_FIRST, take: first });
    return rows.map(toTicket);
  }

  /** Tickets one signed-in sender opened, newest first. */
  async listBySender(userId: string, first: number): Promise<Ticket[]> {
    const rows = await this.prisma.ticket.findMany({ where: { userId }, orderBy: NEWEST_FIRST, take: first });
    return rows.map(toTicket);
  }

  /**
   * Opens a ticket from a message, sent by `senderId` when signed in, else anonymously (null), and records
   * `contact.ticket.opened` in the same transaction: the event exists exactly when the ticket does.
   */
  async open(input: SendMessageInput, senderId: string | null): Promise<Ticket> {
    const row = await this.prisma.$transaction(async (tx) => {
      const created = await tx.ticket.create({
        data: {
          name: input.name.trim(),
          email: normaliseEmail(input.email),
          subject: input.subject.trim(),
          body: input.body.trim(),
          userId: senderId,
        },
      });
      const { id: ticketId, email, subject, name, body, userId: accountId } = created;
      await recordEvent(tx.outboxEvent, ticketOpened, { ticketId, email, subject, name, body, accountId });
      return created;
    });
    return toTicket(row);
  }

  async assign(id: string, assigneeId: string): Promise<Ticket> {
    return toTicket(await this.prisma.ticket.update({ where: { id }, data: { assigneeId } }));
  }

  /** How many tickets are in each status now (for the metrics port). */
  async countByStatus(): Promise<Map<TicketStatus, number>> {
    const groups = await this.prisma.ticket.groupBy({ by: ['status'], _count: { _all: true } });
    return new Map(groups.map((group) => [group.status, group._count._all]));
  }

  /** Moves a ticket from `from` to `to` only if it is still `from` (the check and the write are one statement). */
  async changeStatus(id: string, from: TicketStatus, to: TicketStatus): Promise<Ticket> {
    const { count } = await this.prisma.ticket.updateMany({ where: { id, status: from }, data: { status: to } });
    if (count === 0) throw changedMeanwhile(id);
    return (await this.findById(id))!;
  }

  /**
   * Adds a reply or note (a staff reply with `contact.ticket.replied` in its outbox). The ticket row is updated in the same transaction, conditioned on the status the
   * caller decided on: that locks it, so no status change can slip between the check and the message.
   */
  async addMessage(ticketId: string, message: NewTicketMessage): Promise<{ ticket: Ticket; message: TicketMessageRecord }> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.ticket.updateMany({
        where: { id: ticketId, status: message.expectedStatus },
        data: { status: message.moveTo ?? message.expectedStatus, updatedAt: new Date() },
      });
      if (count === 0) throw changedMeanwhile(ticketId);
      const created = await tx.ticketMessage.create({
        data: { ticketId, kind: message.kind, authorId: message.authorId, fromStaff: message.fromStaff, body: message.body.trim() },
      });
      const ticket = await tx.ticket.findUniqueOrThrow({ where: { id: ticketId } });
      // A staff reply is mailed to the sender (by the users service); notes and the sender's own messages are not.
      if (message.kind === 'REPLY' && message.fromStaff) {
        const { email, name, subject, userId: accountId } = ticket;
        await recordEvent(tx.outboxEvent, ticketReplied, { ticketId, messageId: created.id, email, name, subject, body: created.body, accountId });
      }
      return { ticket: toTicket(ticket), message: toMessage(created) };
    });
  }

  /** The replies or notes of many tickets in one query, oldest first (a conversation reads top down). */
  async messagesOf(ticketIds: readonly string[], kind: 'REPLY' | 'NOTE'): Promise<TicketMessageRecord[]> {
    const rows = await this.prisma.ticketMessage.findMany({
      where: { ticketId: { in: [...ticketIds] }, kind },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return rows.map(toMessage);
  }
}

const changedMeanwhile = (id: string) => new DomainError('CONFLICT', `Ticket ${id} changed meanwhile; read it again`, { id });

function toTicket(row: TicketRow): Ticket {
  const { userId, assigneeId, ...rest } = row;
  return { ...rest, sender: userId ? { id: userId } : null, assignee: assigneeId ? { id: assigneeId } : null };
}

function toMessage(row: TicketMessageRow): TicketMessageRecord {
  const { authorId, ...rest } = row;
  return { ...rest, author: { id: authorId } };
}
