import { check, checkId } from '../../../runtime/validation';
import { MAX_PASSWORD_LENGTH } from '../security/password-policy';

// Bounds on what sign-in style arguments may be, checked before any lookup or hashing.
const MAX_EMAIL_LENGTH = 254;
const MAX_TOKEN_LENGTH = 4_096;

/** Sign-in input is only bounded, not judged: a wrong email gets the same answer as a wrong password. */
export function validateLogin(email: string, password: string): void {
  check(email.length <= MAX_EMAIL_LENGTH, 'email', `Email must be at most ${MAX_EMAIL_LENGTH} characters`);
  check(password.length <= MAX_PASSWORD_LENGTH, 'password', `Password must be at most ${MAX_PASSWORD_LENGTH} characters`);
}

export function validateToken(value: string, field: string): void {
  check(value.length > 0 && value.length <= MAX_TOKEN_LENGTH, field, `${field} must be 1 to ${MAX_TOKEN_LENGTH} characters`);
}

export function validateAccountId(value: string, field = 'accountId'): void {
  checkId(value, field);
}
