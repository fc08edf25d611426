import { timePositionCursor, timePositionOf } from '../../../runtime/graphql/cursor';
import { isObjectIdHex } from './review.store';

/** Where a page of reviews resumes: after this review in its listing's order (by createdAt, then id). */
export interface ReviewPosition {
  createdAt: Date;
  id: string;
}

export const reviewCursor = (position: ReviewPosition) => timePositionCursor({ at: position.createdAt, id: position.id });

export function reviewPosition(cursor: string): ReviewPosition {
  const { at, id } = timePositionOf(cursor, isObjectIdHex);
  return { createdAt: at, id };
}
