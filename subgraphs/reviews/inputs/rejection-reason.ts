import { check } from '../../../runtime/validation';

export const MAX_REJECTION_REASON_LENGTH = 500;

/** Why a review is rejected: required, since its author reads it. */
export function validateRejectionReason(reason: string): void {
  check(
    reason.trim().length > 0 && reason.length <= MAX_REJECTION_REASON_LENGTH,
    'reason',
    `A rejection needs a reason of 1 to ${MAX_REJECTION_REASON_LENGTH} characters`,
  );
}
