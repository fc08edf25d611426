import type { PrismaClient, Ticket as TicketRow } from '../../../prisma/contact/client/client';
import { normaliseEmail } from '../../../runtime/validation';
import type { Ticket } from '../entities/ticket';
import type { TicketStatus } from '../entities/ticket-status';
import type { SendMessageInput } from '../inputs/send-message.input';

/** Customer messages as tickets in the `contact` PostgreSQL schema. */
export class TicketStore {
  constructor(private readonly prisma: PrismaClient) {}

  async findByIds(ids: readonly string[]): Promise<Ticket[]> {
    const rows = await this.prisma.ticket.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toTicket);
  }

  async list(status: TicketStatus | undefined, first: number): Promise<Ticket[]> {
    const rows = await this.prisma.ticket.findMany({
      where: status ? { status } : {},
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: first,
    });
    return rows.map(toTicket);
  }

  /** Tickets one signed-in sender opened, newest first. */
  async listBySender(userId: string, first: number): Promise<Ticket[]> {
    const rows = await this.prisma.ticket.findMany({ where: { userId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: first });
    return rows.map(toTicket);
  }

  /** Opens a ticket from a message, sent by `senderId` when signed in, else anonymously (null). */
  async open(input: SendMessageInput, senderId: string | null): Promise<Ticket> {
    const row = await this.prisma.ticket.create({
      data: {
        name: input.name.trim(),
        email: normaliseEmail(input.email),
        subject: input.subject.trim(),
        body: input.body.trim(),
        userId: senderId,
      },
    });
    return toTicket(row);
  }
}

function toTicket(row: TicketRow): Ticket {
  const { userId, updatedAt: _updatedAt, ...rest } = row;
  return { ...rest, sender: userId ? { id: userId } : null };
}
