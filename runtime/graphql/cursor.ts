import { createHash } from 'node:crypto';
import { DomainError } from '../errors';

// Opaque cursors: base64url of a small JSON position plus a checksum, so an edited or truncated cursor fails
// loudly instead of silently moving the page. Not a secret: a cursor only says where to resume a listing.
const MAX_CURSOR_LENGTH = 400;
const checksum = (payload: string) => createHash('sha256').update(payload).digest('base64url').slice(0, 11);

export const invalidCursor = (field = 'after') => new DomainError('BAD_USER_INPUT', 'The cursor is not valid; start again from the first page', { field });

export function encodeCursor(position: unknown): string {
  const payload = JSON.stringify(position);
  return `${Buffer.from(payload).toString('base64url')}.${checksum(payload)}`;
}

/** The position a cursor holds; BAD_USER_INPUT (on `field`) when it was not made by `encodeCursor`. */
export function decodeCursor(value: string, field = 'after'): unknown {
  if (value.length > MAX_CURSOR_LENGTH) throw invalidCursor(field);
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{11})$/.exec(value);
  if (!match) throw invalidCursor(field);
  const payload = Buffer.from(match[1], 'base64url').toString('utf8');
  if (checksum(payload) !== match[2]) throw invalidCursor(field);
  try {
    return JSON.parse(payload);
  } catch {
    throw invalidCursor(field);
  }
}

/** Where a listing ordered by time, then id (to break ties), resumes: after the item at this position. */
export interface TimePosition {
  at: Date;
  id: string;
}

export const timePositionCursor = ({ at, id }: TimePosition): string => encodeCursor({ t: at.getTime(), i: id });

/**
 * The position a `timePositionCursor` holds; BAD_USER_INPUT (on `field`) for any other cursor, or for an id `isId`
 * refuses (a listing's ids have one shape, and a store must never be queried with anything else).
 */
export function timePositionOf(cursor: string, isId: (id: string) => boolean, field = 'after'): TimePosition {
  const value = decodeCursor(cursor, field) as { t?: unknown; i?: unknown } | null;
  const at = typeof value?.t === 'number' ? new Date(value.t) : null;
  if (!at || Number.isNaN(at.getTime()) || typeof value?.i !== 'string' || !isId(value.i)) throw invalidCursor(field);
  return { at, id: value.i };
}
