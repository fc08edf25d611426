import type { ObjectId } from 'mongodb';
import type { ReviewStatus } from '../entities/review-status';

/** How a review is stored in the `reviews` collection. */
export interface ReviewDocument {
  _id: ObjectId;
  productId: string;
  authorId: string;
  rating: number;
  title: string;
  body: string;
  status: ReviewStatus;
  createdAt: Date;
  moderatedAt?: Date;
}
