import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler } from 'express';
import type { ErrorCode } from './errors';

/** Answers an HTTP-level refusal in the GraphQL response shape, so clients read one kind of error everywhere. */
export function sendGraphQLError(res: ServerResponse, status: number, code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { ...extensions, code } }] });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
}

const UNREADABLE_BODY = 'The request body could not be read as JSON';

/** The answer to a body that is not JSON. */
export const sendUnreadableBody = (res: ServerResponse) => sendGraphQLError(res, 400, 'BAD_REQUEST', UNREADABLE_BODY);

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  length?: number;
}

/**
 * express.json's refusals (body too large, unreadable JSON) as GraphQL errors: without this, Express
 * answers them with an HTML page that carries a stack trace outside production.
 */
export const bodyErrorHandler: ErrorRequestHandler = (error: BodyParserError, _req, res, next) => {
  if (res.headersSent) return next(error);
  if (error.type === 'entity.too.large') {
    return sendGraphQLError(res, 413, 'PAYLOAD_TOO_LARGE', `The request body is ${error.length} bytes; the limit is ${error.limit}`, { limit: error.limit, value: error.length });
  }
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return sendGraphQLError(res, error.status, 'BAD_REQUEST', UNREADABLE_BODY);
  }
  next(error);
};
