import { GraphQLError } from 'graphql';
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
 * `from: <service>`; anything else (no answer, an internal error) is a plain Error, reported as internal.
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
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
  });
  const body = (await response.json().catch(() => null)) as GraphQLResponseBody<TData> | null;
  if (!body) throw new Error(`The ${service} subgraph answered HTTP ${response.status} without a GraphQL body`);
  const [error] = body.errors ?? [];
  if (error) throw refusalOf(service, error);
  if (!body.data) throw new Error(`The ${service} subgraph answered HTTP ${response.status} without data`);
  return body.data;
}

function refusalOf(service: string, error: { message: string; extensions?: Record<string, unknown> }): Error {
  const code = error.extensions?.code;
  if (typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR') return new Error(`The ${service} subgraph failed: ${error.message}`);
  const extensions = Object.fromEntries(Object.entries(error.extensions!).filter(([key]) => !WITHHELD_EXTENSIONS.has(key)));
  return new GraphQLError(error.message, { extensions: { ...extensions, code, from: service } });
}
