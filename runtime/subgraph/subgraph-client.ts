import { GraphQLError } from 'graphql';
import { DomainError } from '../errors';
import { REQUEST_ID_HEADER } from '../request-id';

interface GraphQLResponseBody<TData> {
  data?: TData | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** Who another subgraph is asked on behalf of: the caller's own Authorization header, and the request id for the logs. */
export interface OnBehalfOf {
  authorization: string;
  requestId: string;
}

/** How a call is made: as the caller (their Authorization header), and with extra headers (a service signature). */
export interface SubgraphCallOptions {
  authorization?: string;
  requestId?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

// Extensions of another subgraph's error never passed on: debugging details (present outside production only).
const WITHHELD_EXTENSIONS = new Set(['stacktrace', 'exception']);

/**
 * Calls another subgraph's public GraphQL API over HTTP (subgraphs never import each other's code). A typed
 * refusal of the callee (OUT_OF_STOCK, NOT_FOUND, FORBIDDEN…) is rethrown with its code, safe extensions and
 * `from: <service>`; no answer (refused, timed out, a body that is not GraphQL, e.g. a proxy's 502 page) is
 * SERVICE_UNAVAILABLE naming the service (see `isUnavailable`: the call may have taken effect); the callee's own
 * internal error is a plain Error, reported as internal.
 */
export async function callSubgraph<TData>(
  service: string,
  url: string,
  query: string,
  variables: Record<string, unknown>,
  options: SubgraphCallOptions = {},
): Promise<TData> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.authorization) headers.authorization = options.authorization;
  if (options.requestId) headers[REQUEST_ID_HEADER] = options.requestId;
  let response: Response;
  let body: GraphQLResponseBody<TData> | null;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    body = (await response.json().catch(() => null)) as GraphQLResponseBody<TData> | null;
  } catch {
    throw unavailable(service);
  }
  if (!body) throw unavailable(service);
  const [error] = body.errors ?? [];
  if (error) throw refusalOf(service, error);
  if (!body.data) throw new Error(`The ${service} subgraph answered HTTP ${response.status} without data`);
  return body.data;
}

/** True for the error `callSubgraph` throws when the callee did not answer: what was asked may or may not have happened. */
export const isUnavailable = (error: unknown): boolean => error instanceof GraphQLError && error.extensions.code === 'SERVICE_UNAVAILABLE';

// Why it did not answer (an address refused, a proxy's page) stays out: it would tell clients about the network inside.
const unavailable = (service: string) => new DomainError('SERVICE_UNAVAILABLE', `The ${service} service did not answer; try again shortly`, { service });

function refusalOf(service: string, error: { message: string; extensions?: Record<string, unknown> }): Error {
  const code = error.extensions?.code;
  if (typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR') return new Error(`The ${service} subgraph failed: ${error.message}`);
  const extensions = Object.fromEntries(Object.entries(error.extensions!).filter(([key]) => !WITHHELD_EXTENSIONS.has(key)));
  return new GraphQLError(error.message, { extensions: { ...extensions, code, from: service } });
}
