import { decodeCursor, encodeCursor, invalidCursor } from '../../../runtime/graphql/cursor';

/** Where a page of reviews resumes: after this review in its listing's order (by createdAt, then id). */
export interface ReviewPosition {
  createdAt: Date;
  id: string;
}

export const reviewCursor = (position: ReviewPosition) => encodeCursor({ t: position.createdAt.getTime(), i: position.id });

export function reviewPosition(cursor: string): ReviewPosition {
  const value = decodeCursor(cursor) as { t?: unknown; i?: unknown };
  if (typeof value?.t !== 'number' || !Number.isFinite(value.t) || typeof value.i !== 'string' || !/^[0-9a-f]{24}$/.test(value.i)) {
    throw invalidCursor();
  }
  return { createdAt: new Date(value.t), id: value.i };
}
