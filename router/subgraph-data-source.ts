import { OperationTypeNode } from 'graphql';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { isStaff } from '../runtime/auth/identity';
import { CACHE_TAGS_EXTENSION } from '../runtime/graphql/cache-tags';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_SIGNATURE_HEADER, signClientAddress } from '../runtime/auth/client-address';
import { REQUEST_ID_HEADER } from '../runtime/request-id';
import type { CachePolicy } from '@apollo/cache-control-types';
import { cacheHintOf } from './cache/cache-hint';
import type { CalledAnswer, SubgraphAnswer, SubgraphAnswerCache, SubgraphCall } from './cache/subgraph-answer-cache';
import { dependencyTags } from './cache/tag-rules';
import type { RouterContext } from './context';
import { asSubgraphError } from './resilience/subgraph-errors';
import { ARRIVED_AT_HEADER, MUTATION_CALL_HEADER, PRIORITY_CALL_HEADER } from './resilience/subgraph-fetcher';

export interface SubgraphDataSourceOptions {
  /** The subgraph's name in the supergraph: errors of its calls say it. */
  name: string;
  url?: string;
  /** How calls go out (timeouts, retries, breaker, keep-alive pool; see resilience/); the gateway's default otherwise. */
  fetcher?: Fetcher;
  /** Where answers of client queries are kept per call (see cache/subgraph-answer-cache.ts); none: never. */
  answers?: SubgraphAnswerCache;
}

/**
 * Passes the caller's token and the request id on to every subgraph the plan calls, and the caller's
 * address signed with the internal secret so subgraphs can tell it from a forged header. Marks calls made
 * for a mutation (never retried nor shared), and names the subgraph in the errors of a failed call.
 * Takes each answer's cache tags off for the request's cache (cache/request-cache.ts), and answers calls of
 * client queries, and those a mutation's plan makes after the mutation's own call, from the subgraph answer
 * cache when it holds them.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  readonly name: string;
  private readonly answers: SubgraphAnswerCache | undefined;
  /** The router's own fetch (resilience/): calls go straight through it, without the gateway's fetch objects. */
  private readonly directFetcher: Fetcher | undefined;

  constructor(
    { name, url, fetcher, answers }: SubgraphDataSourceOptions,
    private readonly internalSecret: string | undefined,
  ) {
    super(fetcher ? { url, fetcher } : { url });
    this.name = name;
    this.answers = answers;
    this.directFetcher = fetcher;
  }

  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GatewayGraphQLResponse> {
    const context = options.context as Partial<RouterContext>;
    const requestCache = context.cache;
    if (!requestCache) return super.process(options);
    const forWrite = runsMutation(options);
    const call = async (request: SubgraphCall): Promise<CalledAnswer> => {
      let response: GatewayGraphQLResponse & { http?: { headers: { get(name: string): string | null } } };
      const asked = request === options.request ? options : { ...options, request: { ...options.request, ...request } };
      try {
        response = this.directFetcher ? await this.send(this.directFetcher, asked) : await super.process(asked);
      } catch (error) {
        requestCache.recordUnanswered(this.name, forWrite);
        throw error;
      }
      const reported = requestCache.recordAnswer(this.name, response.extensions, forWrite);
      if (reported && response.extensions) delete response.extensions[CACHE_TAGS_EXTENSION];
      const { http, ...answer } = response;
      return { answer: answer as SubgraphAnswer, cacheControl: http?.headers.get('cache-control') ?? null, tags: dependencyTags(this.name, reported) };
    };
    const epoch = requestCache.epoch;
    if (!this.answers || epoch === null || forWrite || !isForClientOperation(options) || isStaff(context.identity ?? null))
      return (await call(options.request)).answer as GatewayGraphQLResponse;
    // A call made after a mutation's own reads through the cache once what the mutation changed is invalidated.
    const forMutation = servesMutation(options);
    if (forMutation && !(await requestCache.changesInvalidated())) return (await call(options.request)).answer as GatewayGraphQLResponse;
    const served = await this.answers.serve(this.name, options.request, context.identity ?? null, epoch, call, forMutation ? 'mutation' : 'query');
    for (const part of served.cachedParts) {
      requestCache.recordCached(part.tags);
      restrictPolicy(options, part.meta.cacheControl);
    }
    return served.answer as GatewayGraphQLResponse;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const headers = options.request.http?.headers;
    for (const [name, value] of Object.entries(this.headersFor(options))) headers?.set(name, value);
  }

  /** What every call carries besides its body (see the class comment). */
  private headersFor(options: GraphQLDataSourceProcessOptions<RouterContext>): Record<string, string> {
    const headers: Record<string, string> = {};
    if (runsMutation(options) || servesMutation(options)) headers[MUTATION_CALL_HEADER] = '1';
    // The router's own operations (live updates' events) have no HTTP request: they go first at a busy subgraph.
    else if (forIncomingOperation(options) && options.incomingRequestContext.request?.http === undefined) headers[PRIORITY_CALL_HEADER] = '1';
    if (!('requestId' in options.context)) return headers; // the gateway's own calls (health checks) carry no caller
    const context = options.context as RouterContext;
    headers[REQUEST_ID_HEADER] = context.requestId;
    headers[ARRIVED_AT_HEADER] = String(context.arrivedAt);
    if (context.authorization) headers.authorization = context.authorization;
    if (this.internalSecret) {
      // Remembered per address (client-address.ts): a request's calls, and a client's requests, sign it once.
      headers[CLIENT_ADDRESS_HEADER] = context.clientAddress;
      headers[CLIENT_ADDRESS_SIGNATURE_HEADER] = signClientAddress(context.clientAddress, this.internalSecret);
    }
    return headers;
  }

  /**
   * One call as RemoteGraphQLDataSource.process makes it (same headers, body, errors and cache policy), straight
   * through the router's fetch: without the fetch Request and Headers objects the gateway builds for every call.
   */
  private async send(fetcher: Fetcher, options: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GatewayGraphQLResponse & { http: FetcherResponse }> {
    const { http: _http, ...operation } = options.request;
    const init = { method: 'POST', headers: { 'content-type': 'application/json', ...this.headersFor(options) }, body: JSON.stringify(operation) };
    let response: FetcherResponse;
    let body: unknown;
    try {
      response = await fetcher(this.url, init);
      if (!response.ok) throw await this.errorFromResponse(response);
      body = await response.json();
    } catch (error) {
      this.didEncounterError(error as Error);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) this.didEncounterError(new Error('Expected a JSON object'));
    restrictPolicy(options, response.headers.get('cache-control') ?? undefined);
    return { ...(body as GatewayGraphQLResponse), http: response };
  }

  override didEncounterError(error: Error): never {
    throw asSubgraphError(this.name, error);
  }
}

type ForIncomingOperation = Extract<GraphQLDataSourceProcessOptions<RouterContext>, { incomingRequestContext: unknown }>;

/** A call the plan makes for a client's operation (not the gateway's own health checks or schema loads). */
const forIncomingOperation = (options: GraphQLDataSourceProcessOptions<RouterContext>): options is ForIncomingOperation => 'incomingRequestContext' in options;

/** A call the plan makes for a client's query or mutation (not a subscription's, nor the gateway's own). */
function isForClientOperation(options: GraphQLDataSourceProcessOptions<RouterContext>): boolean {
  if (!forIncomingOperation(options)) return false;
  const type = options.incomingRequestContext.operation?.operation;
  return type === OperationTypeNode.QUERY || type === OperationTypeNode.MUTATION;
}

/** An answer restricts the request's cache policy as its subgraph's Cache-Control header says (kept with a cached one). */
function restrictPolicy(options: GraphQLDataSourceProcessOptions<RouterContext>, cacheControl: string | undefined): void {
  if (!forIncomingOperation(options)) return;
  // The gateway's interface types it `any`: it is Apollo Server's CachePolicy.
  const policy = options.incomingRequestContext.overallCachePolicy as Partial<CachePolicy> | undefined;
  policy?.restrict?.(cacheHintOf(cacheControl));
}

/**
 * A call is for a mutation when it runs a mutation itself, or serves an incoming mutation (its entity
 * fetches read what the mutation just wrote: an answer shared from an earlier call would miss it).
 */
const runsMutation = (options: GraphQLDataSourceProcessOptions<RouterContext>) => /^\s*mutation\b/.test(options.request.query ?? '');
const servesMutation = (options: GraphQLDataSourceProcessOptions<RouterContext>) =>
  forIncomingOperation(options) && options.incomingRequestContext.operation?.operation === OperationTypeNode.MUTATION;
