import { createHash } from 'node:crypto';
import { DomainError } from '../../../runtime/errors';

/** A position in the listing's order (createdAt desc, id desc): the last row of a page. */
export interface UserCursor {
  createdAt: Date;
  id: string;
}

const MAX_CURSOR_LENGTH = 200;

// The checksum makes an edited or truncated cursor fail loudly instead of silently moving the page. It is
// not a secret: a cursor only says where to resume a listing the caller may read in full anyway.
const checksum = (payload: string) => createHash('sha256').update(payload).digest('base64url').slice(0, 11);

export function encodeUserCursor(cursor: UserCursor): string {
  const payload = `${cursor.createdAt.getTime()}:${cursor.id}`;
  return `${Buffer.from(payload).toString('base64url')}.${checksum(payload)}`;
}

const invalidCursor = () => new DomainError('BAD_USER_INPUT', 'The cursor is not valid; start again from the first page', { field: 'after' });

export function decodeUserCursor(value: string): UserCursor {
  if (value.length > MAX_CURSOR_LENGTH) throw invalidCursor();
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{11})$/.exec(value);
  if (!match) throw invalidCursor();
  const payload = Buffer.from(match[1], 'base64url').toString('utf8');
  if (checksum(payload) !== match[2]) throw invalidCursor();
  const parts = /^(\d{1,15}):(.{1,64})$/s.exec(payload);
  if (!parts) throw invalidCursor();
  const createdAt = new Date(Number(parts[1]));
  if (Number.isNaN(createdAt.getTime())) throw invalidCursor();
  return { createdAt, id: parts[2] };
}
