import { ERROR_CODES } from './codes';
import { DomainError } from './domain-error';

// The router's refusals of work too big to run, each with what was measured and the limit; those refused inside
// Apollo's pipeline carry their HTTP status as Apollo reads it (`http`).

interface Measured {
  value: number;
  limit: number;
}

const status = (code: keyof typeof ERROR_CODES) => ({ http: { status: ERROR_CODES[code].status } });

export const queryTooDeep = ({ value, limit }: Measured) =>
  new DomainError('QUERY_TOO_DEEP', `The operation nests fields ${value} levels deep; the limit is ${limit}`, { value, limit, ...status('QUERY_TOO_DEEP') });

export const tooManyAliases = ({ value, limit }: Measured) =>
  new DomainError('TOO_MANY_ALIASES', `The operation uses ${value} aliases; the limit is ${limit}`, { value, limit, ...status('TOO_MANY_ALIASES') });

export const queryTooCostly = ({ value, limit }: Measured) =>
  new DomainError('QUERY_TOO_COSTLY', `The operation costs ${value}; the limit is ${limit} (each field 1, lists multiplied by their size)`, {
    value,
    limit,
    ...status('QUERY_TOO_COSTLY'),
  });

/** The parser stopped at `limit` tokens, so how many more there were is not known. */
export const documentTooLarge = (limit: number) =>
  new DomainError('DOCUMENT_TOO_LARGE', `The document has more than ${limit} tokens; the limit is ${limit}`, { limit, ...status('DOCUMENT_TOO_LARGE') });

/** `value` is counted up to one past the limit only. */
export const tooManySelections = ({ value, limit }: Measured) =>
  new DomainError('TOO_MANY_SELECTIONS', `The document has more than ${limit} selections; the limit is ${limit}`, {
    value,
    limit,
    ...status('TOO_MANY_SELECTIONS'),
  });

// Refused before GraphQL, the next three are answered by runtime/http-errors.ts with their code's status; over
// graphql-ws, which has no status to set, INPUT_TOO_DEEP carries none either.

export const batchTooLarge = ({ value, limit }: Measured) =>
  new DomainError('BATCH_TOO_LARGE', `The batch has ${value} operations; the limit is ${limit}`, { value, limit });

export const payloadTooLarge = ({ value, limit }: Measured) =>
  new DomainError('PAYLOAD_TOO_LARGE', `The request body is ${value} bytes; the limit is ${limit}`, { limit, value });

export const inputTooDeep = (limit: number) =>
  new DomainError('INPUT_TOO_DEEP', `The request's JSON (its variables, extensions or batch) nests deeper than ${limit} levels`, { limit });

/** Over graphql-ws, which has no status to set. */
export const tooManySubscriptions = ({ value, limit }: Measured) =>
  new DomainError('TOO_MANY_SUBSCRIPTIONS', `This connection already runs ${value} subscriptions; the limit is ${limit}`, { limit });

/** Over graphql-ws: a resume would replay more than `limit` changes (the client refetches instead). */
export const resumeWindowExceeded = (limit: number, field: string) =>
  new DomainError(
    'RESUME_WINDOW_EXCEEDED',
    `More than ${limit} changes were missed since that point; query the current state and subscribe again without ${field}`,
    {
      limit,
      field,
    },
  );
