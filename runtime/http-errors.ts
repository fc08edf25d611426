import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import { DomainError, ERROR_CODES, payloadTooLarge, publicExtensions, type ErrorCode } from './errors';
import type { Logger } from './logger';
import { REQUEST_ID_HEADER } from './request-id';

/**
 * Answers an HTTP-level refusal in the GraphQL response shape, so clients read one kind of error everywhere;
 * with the request id the response is named by (runtime/request-id.ts), for support.
 */
export function sendGraphQLError(res: ServerResponse, status: number, code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): void {
  const requestId = res.getHeader(REQUEST_ID_HEADER);
  const body = JSON.stringify({ errors: [{ message, extensions: { ...extensions, code, ...(typeof requestId === 'string' ? { requestId } : {}) } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}

/** A typed refusal's HTTP status: its own, else its code's (ERROR_CODES), else 400. */
const statusOf = (refusal: DomainError): number => refusal.extensions.http?.status ?? ERROR_CODES[refusal.code].status ?? 400;

/** Answers a typed refusal over HTTP with its status, and with Retry-After when it says when to come back. */
export function sendRefusal(res: ServerResponse, refusal: DomainError): void {
  const { code, ...extensions } = publicExtensions(refusal);
  const retryAfter = (extensions as { retryAfterSeconds?: unknown }).retryAfterSeconds;
  if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
  sendGraphQLError(res, statusOf(refusal), code, refusal.message, extensions);
}

const UNREADABLE_BODY = 'The request body could not be read as JSON';

/**
 * A refusal of a request before GraphQL, passed on to Express's error handling (as express.json passes its
 * own) rather than answered where it is found, so that a service may count it first (the router's budget)
 * and `bodyErrorHandler` answers it.
 */
export class RequestRefusal extends Error {
  /** As express.json's errors have it, for handlers before `bodyErrorHandler` (the router counts 4xx refusals). */
  readonly status: number;

  constructor(readonly refusal: DomainError) {
    super(refusal.message);
    this.status = statusOf(refusal);
  }
}

/** The refusal of a body that is not JSON, as express.json's is answered. */
export const unreadableBody = () => new RequestRefusal(new DomainError('BAD_REQUEST', UNREADABLE_BODY));

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  length?: number;
}

/**
 * express.json's refusals (body too large, unreadable JSON) and every RequestRefusal as GraphQL errors: without
 * this, Express answers them with an HTML page that carries a stack trace outside production.
 */
export const bodyErrorHandler: ErrorRequestHandler = (error: BodyParserError, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error instanceof RequestRefusal) return sendRefusal(res, error.refusal);
  if (error.type === 'entity.too.large') return sendRefusal(res, payloadTooLarge({ value: error.length!, limit: error.limit! }));
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return sendGraphQLError(res, error.status, 'BAD_REQUEST', UNREADABLE_BODY);
  }
  next(error);
};

/**
 * Whatever else reached Express's error handling, logged and answered without its details: Express's own answer
 * is an HTML page with the stack trace unless process.env.NODE_ENV (not the service's configuration) is production.
 */
export function unexpectedErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (!answeredUnexpected(logger, error, req.requestId, res)) next(error);
  };
}

/** Logs a failure and answers 500 without its details; false when the answer had begun (its caller ends it). */
export function answeredUnexpected(logger: Logger, error: unknown, requestId: string, res: ServerResponse): boolean {
  logger.error({ err: error, requestId }, 'request failed');
  if (res.headersSent) return false;
  sendGraphQLError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
  return true;
}
