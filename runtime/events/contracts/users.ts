import { z } from 'zod';
import { eventContract } from './event-contract';
import { entityId } from './fields';

/**
 * A profile was created or anonymised from an account event (`cause`: that event's type). Announced by users once
 * it applied the event; consumed by the routers' cache invalidation (a deleted account's cached profile must go).
 */
export const profileChanged = eventContract('users.profile.changed', 1, z.object({ accountId: entityId, cause: z.string() }));
