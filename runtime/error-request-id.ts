import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { NextFunction, Request, Response } from 'express';

// Every error a client is answered with carries `extensions.requestId`: the id support finds the logs by
// (runtime/request-id.ts), the same as the x-request-id header, since an error is often all a user copies.

/** The errors with the request id added (a subgraph's error passed on through the router takes the router's). */
export function withRequestId(errors: readonly GraphQLFormattedError[], requestId: string): GraphQLFormattedError[] {
  return errors.map((error) => ({ ...error, extensions: { ...error.extensions, requestId } }));
}

// One listener for every request: it keeps nothing of its own.
const listener: GraphQLRequestListener<{ requestId?: unknown }> = {
  async willSendResponse({ contextValue, response }) {
    if (response.body.kind !== 'single' || typeof contextValue.requestId !== 'string') return;
    const result = response.body.singleResult;
    if (result.errors?.length) result.errors = withRequestId(result.errors, contextValue.requestId);
  },
};

/** The request id in the errors of every operation Apollo runs (parsing, validation, execution, plugins' refusals). */
export function requestIdInErrors(): ApolloServerPlugin<{ requestId?: unknown }> {
  return { requestDidStart: async () => listener };
}

/**
 * The request id in the errors Apollo answers before any plugin runs: a request without a query, a CSRF
 * refusal, a token refused while the context is built. They are the only error answers with an HTTP status of
 * 400 or more that lack it; success answers are passed on untouched, never parsed.
 */
export function requestIdInRefusals(req: Request, res: Response, next: NextFunction): void {
  const send = res.send;
  res.send = function sendWithRequestId(this: Response, body?: unknown) {
    return send.call(this, res.statusCode >= 400 && typeof body === 'string' ? requestIdStamped(body, req.requestId) : body);
  };
  next();
}

/** An answer's JSON text with the request id in each of its errors (the text as it was when it has none). */
export function requestIdStamped(body: string, requestId: string): string {
  let parsed: { errors?: unknown };
  try {
    parsed = JSON.parse(body) as { errors?: unknown };
  } catch {
    return body;
  }
  if (!Array.isArray(parsed?.errors)) return body;
  const errors = parsed.errors as GraphQLFormattedError[];
  if (errors.every((error) => error?.extensions?.requestId === requestId)) return body;
  return JSON.stringify({ ...parsed, errors: withRequestId(errors, requestId) });
}
