import { z } from 'zod';
import { eventContract } from './event-contract';
import { entityId } from './fields';

/**
 * A message became a ticket (e.g. for an acknowledgement mail or a staff notification). Published by the contact
 * service through its outbox; no consumer in this project.
 */
export const ticketOpened = eventContract('contact.ticket.opened', 1, z.object({ ticketId: entityId, email: z.string(), subject: z.string() }));
