import { GraphQLError } from 'graphql';
import { request } from 'undici';
import { serviceUnavailable } from '../errors';
import { reportedCacheTags, type CacheTags } from '../graphql/cache-tags';
import { REQUEST_ID_HEADER } from '../request-id';

interface GraphQLResponseBody<TData> {
  data?: TData | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/**
 * Who another subgraph is asked on behalf of: the caller's own Authorization header, the request id for the
 * logs, and the request's cache tags, which take in what the callee read and changed.
 */
export interface OnBehalfOf {
  authorization: string;
  requestId: string;
  cacheTags?: CacheTags;
  /** When the caller's caller stops waiting for the answer (performance.now(); see answer-deadline.ts). */
  answerBy?: number;
}

/** How a call is made: as the caller (their Authorization header), and with extra headers (a service signature). */
export interface SubgraphCallOptions {
  authorization?: string;
  requestId?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** The calling request's cache tags: the callee's reads and changes become the caller's (see graphql/cache-tags.ts). */
  cacheTags?: CacheTags;
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
  let status: number;
  let body: GraphQLResponseBody<TData> | null;
  try {
    // undici's request rather than fetch: a third of fetch's CPU per call (no WHATWG Request, Response and streams).
    const response = await request(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    status = response.statusCode;
    // Not JSON (a proxy's error page) is no answer either.
    body = (await response.body.json()) as GraphQLResponseBody<TData> | null;
    if (!body) throw new Error('an answer without a body');
  } catch {
    // The call may have reached the callee: a mutation may have changed anything there.
    if (isMutation(query)) options.cacheTags?.absorb({ changes: [service] });
    throw serviceUnavailable({ service });
  }
  absorbCacheTags(options.cacheTags, service, query, body);
  const [error] = body.errors ?? [];
  if (error) throw refusalOf(service, error);
  if (!body.data) throw new Error(`The ${service} subgraph answered HTTP ${status} without data`);
  return body.data;
}

const isMutation = (query: string) => /^\s*mutation\b/.test(query);

/** The callee's tags become the caller's; a mutation of a callee that said nothing may have changed all of it. */
function absorbCacheTags(tags: CacheTags | undefined, service: string, query: string, body: GraphQLResponseBody<unknown>): void {
  if (!tags) return;
  const reported = reportedCacheTags(body.extensions);
  tags.absorb(reported);
  if (isMutation(query) && !reported?.changes) tags.absorb({ changes: [service] });
}

/** True for the error `callSubgraph` throws when the callee did not answer: what was asked may or may not have happened. */
export const isUnavailable = (error: unknown): boolean => error instanceof GraphQLError && error.extensions.code === 'SERVICE_UNAVAILABLE';

// Why it did not answer (an address refused, a proxy's page) stays out: it would tell clients about the network inside.

function refusalOf(service: string, error: { message: string; extensions?: Record<string, unknown> }): Error {
  const code = error.extensions?.code;
  if (typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR') return new Error(`The ${service} subgraph failed: ${error.message}`);
  const extensions = Object.fromEntries(Object.entries(error.extensions!).filter(([key]) => !WITHHELD_EXTENSIONS.has(key)));
  return new GraphQLError(error.message, { extensions: { ...extensions, code, from: service } });
}
