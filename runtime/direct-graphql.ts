import type { ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLResponse } from '@apollo/server';
import { requestIdStamped } from './error-request-id';
import { answeredUnexpected } from './http-errors';
import type { FastPath, FastPathAnswer, FastPathRequest, ServiceRequest } from './http-service';
import { depthOf, MAX_INPUT_DEPTH } from './input-depth';
import { readJsonBody } from './json-body';
import type { Logger } from './logger';
import { REQUEST_ID_HEADER } from './request-id';
import { runAsGraphQLWork } from './stores/round-trips';

export interface DirectGraphQLOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  context: (req: ServiceRequest, logger: Logger) => Promise<TContext>;
  logger: Logger;
  maxBodyBytes: number;
}

/**
 * Runs a POST /graphql straight through Apollo (`executeHTTPGraphQLRequest`, as its Express integration does),
 * without Express's chain: a subgraph's requests are nearly all such, and the chain (routing, body parsing, the
 * ETag hash of every answer) cost over a quarter of the CPU of a page answered from memory. It takes only what
 * Express would hand Apollo unchanged: one operation, a JSON object within the size limit, nested no deeper than
 * the limit. Anything else goes on to Express with the body it read, and is answered or refused there as before.
 */
export function directGraphQL<TContext extends BaseContext>(options: DirectGraphQLOptions<TContext>): FastPath {
  const { apollo, context, logger } = options;
  return async (req, res) => {
    const body = await readJsonBody(req, options.maxBodyBytes);
    if (body === undefined) return undefined;
    const operation = parsedObject(body);
    // Leaves Express what it would have parsed: a body no JSON object is refused there (express.json is strict).
    if (operation === undefined || Array.isArray(operation) || depthOf(operation) > MAX_INPUT_DEPTH) {
      (req as FastPathRequest).fastPath = operation === undefined ? { body: undefined, unreadable: true } : { body: operation };
      return undefined;
    }
    return runOperation({ apollo, req, res, operation, context: () => context(req, logger.child({ requestId: req.requestId })), logger });
  };
}

export interface DirectOperation<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  req: ServiceRequest;
  res: ServerResponse;
  /** The request's one operation, parsed from its body: a JSON object Express would have handed Apollo unchanged. */
  operation: object;
  context: () => Promise<TContext>;
  logger: Logger;
}

/**
 * Runs one POST /graphql operation through Apollo (`executeHTTPGraphQLRequest`, as its Express integration does)
 * and writes the answer: what `directGraphQL` does with a body it read, and the router with one its fast path read.
 */
export async function runOperation<TContext extends BaseContext>({
  apollo,
  req,
  res,
  operation,
  context,
  logger,
}: DirectOperation<TContext>): Promise<FastPathAnswer> {
  res.setHeader(REQUEST_ID_HEADER, req.requestId);
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  try {
    const answer = await runAsGraphQLWork(() =>
      apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { method: 'POST', headers, search: searchOf(req.url), body: operation }, context }),
    );
    await send(answer, req, res);
  } catch (error) {
    // As Express's last handler (runtime/http-errors.ts): a broken answer is cut.
    if (!answeredUnexpected(logger, error, req.requestId, res)) res.destroy();
  }
  const name = (operation as { operationName?: unknown }).operationName;
  return { operationName: typeof name === 'string' ? name : undefined, ranGraphQL: true };
}

/** The body as a JSON object or array, or undefined when it is no JSON or a bare value. */
function parsedObject(body: Buffer): object | undefined {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

const searchOf = (url: string | undefined) => {
  const start = url?.indexOf('?') ?? -1;
  return start < 0 ? '' : url!.slice(start);
};

/** Writes Apollo's answer; its refusals before any plugin ran (status ≥ 400) with the request id, as on Express's path. */
async function send(answer: HTTPGraphQLResponse, req: ServiceRequest, res: ServerResponse): Promise<void> {
  for (const [name, value] of answer.headers) res.setHeader(name, value);
  res.statusCode = answer.status ?? 200;
  if (answer.body.kind === 'complete') {
    const text = res.statusCode >= 400 ? requestIdStamped(answer.body.string, req.requestId) : answer.body.string;
    res.setHeader('content-length', Buffer.byteLength(text));
    res.end(text);
    return;
  }
  for await (const chunk of answer.body.asyncIterator) res.write(chunk);
  res.end();
}
