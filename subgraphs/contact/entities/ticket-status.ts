import { registerEnumType } from 'type-graphql';
import { TicketStatus } from '../../../prisma/contact/client/enums';

export { TicketStatus };

registerEnumType(TicketStatus, { name: 'TicketStatus', description: 'Where a customer message is in its handling' });
