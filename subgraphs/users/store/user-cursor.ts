import { decodeCursor, encodeCursor, invalidCursor } from '../../../runtime/graphql/cursor';

/** A position in the listing's order (createdAt desc, id desc): the last row of a page. */
export interface UserCursor {
  createdAt: Date;
  id: string;
}

export function encodeUserCursor(cursor: UserCursor): string {
  return encodeCursor([cursor.createdAt.getTime(), cursor.id]);
}

export function decodeUserCursor(value: string): UserCursor {
  const position = decodeCursor(value, 'after');
  if (!Array.isArray(position) || position.length !== 2) throw invalidCursor();
  const [time, id] = position as unknown[];
  if (typeof time !== 'number' || !Number.isSafeInteger(time) || typeof id !== 'string' || id.length === 0 || id.length > 64) throw invalidCursor();
  return { createdAt: new Date(time), id };
}
