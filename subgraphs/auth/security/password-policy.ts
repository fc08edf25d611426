import { DomainError } from '../../../runtime/errors';
import { normaliseEmail } from '../../../runtime/validation';

export const MIN_PASSWORD_LENGTH = 10;
// argon2 hashes long inputs fine, but an unbounded one is a cheap way to burn CPU.
export const MAX_PASSWORD_LENGTH = 256;

/** What a password lacks, as stable codes (for clients) and words (for people). */
const RULES: Array<{ code: string; words: string; ok: (password: string, email: string) => boolean }> = [
  { code: 'MIN_LENGTH', words: `at least ${MIN_PASSWORD_LENGTH} characters`, ok: (password) => [...password].length >= MIN_PASSWORD_LENGTH },
  { code: 'MAX_LENGTH', words: `at most ${MAX_PASSWORD_LENGTH} characters`, ok: (password) => [...password].length <= MAX_PASSWORD_LENGTH },
  { code: 'LETTER', words: 'a letter', ok: (password) => /\p{L}/u.test(password) },
  { code: 'DIGIT', words: 'a digit', ok: (password) => /\p{Nd}/u.test(password) },
  { code: 'NOT_EMAIL', words: 'to differ from the email address', ok: (password, email) => normaliseEmail(password) !== normaliseEmail(email) },
];

/** The rules `password` breaks, in a fixed order; empty when it is acceptable. */
export function passwordProblems(password: string, email: string): Array<{ code: string; words: string }> {
  return RULES.filter((rule) => !rule.ok(password, email)).map(({ code, words }) => ({ code, words }));
}

/** Throws BAD_USER_INPUT listing everything the password lacks at once, so nobody fixes it one rule at a time. */
export function checkPasswordPolicy(password: string, email: string, field = 'password'): void {
  const problems = passwordProblems(password, email);
  if (problems.length === 0) return;
  const words = problems.map((problem) => problem.words);
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  throw new DomainError('BAD_USER_INPUT', `The password needs ${list}`, { field, missing: problems.map((problem) => problem.code) });
}
