import { createHash } from 'node:crypto';

/**
 * A user's wishlist id, derived from the user id: an empty wishlist is never stored, yet it needs an id,
 * and that id must stay the same once the first item makes it real. Hashed so it is never mistaken for a user id.
 */
export const wishlistIdFor = (userId: string): string => createHash('sha256').update(`wishlist:${userId}`).digest('hex').slice(0, 32);
