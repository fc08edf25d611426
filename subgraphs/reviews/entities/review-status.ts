import { registerEnumType } from 'type-graphql';

/** Where a review is in moderation; only APPROVED reviews are shown and counted. */
export enum ReviewStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

registerEnumType(ReviewStatus, { name: 'ReviewStatus', description: 'Where a review is in moderation' });
