import { check } from '../../../runtime/validation';

// Shared by the profile and the address inputs.

const PHONE = /^\+?[0-9 ()-]{6,20}$/;

/** A phone number as people type it: digits, spaces, brackets and hyphens, optionally a leading +. */
export function checkPhone(phone: string, field: string): void {
  const digits = phone.replace(/[^0-9]/g, '').length;
  check(PHONE.test(phone) && digits >= 6, field, 'Phone number is not valid');
}

/** Trimmed text, or null for a blank optional value. */
export const optionalText = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};
