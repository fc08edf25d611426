import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_SIGNATURE_HEADER, signClientAddress } from '../runtime/auth/client-address';
import { REQUEST_ID_HEADER } from '../runtime/request-id';
import type { RouterContext } from './context';
import { asSubgraphError } from './resilience/subgraph-errors';
import { ARRIVED_AT_HEADER, MUTATION_CALL_HEADER } from './resilience/subgraph-fetcher';

export interface SubgraphDataSourceOptions {
  /** The subgraph's name in the supergraph: errors of its calls say it. */
  name: string;
  url?: string;
  /** How calls go out (timeouts, retries, breaker, keep-alive pool; see resilience/); the gateway's default otherwise. */
  fetcher?: Fetcher;
}

// A request calls several subgraphs with the same client address: it is signed once per request.
const signatures = new WeakMap<RouterContext, string>();

/**
 * Passes the caller's token and the request id on to every subgraph the plan calls, and the caller's
 * address signed with the internal secret so subgraphs can tell it from a forged header. Marks calls made
 * for a mutation (never retried nor shared), and names the subgraph in the errors of a failed call.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  readonly name: string;

  constructor(
    { name, url, fetcher }: SubgraphDataSourceOptions,
    private readonly internalSecret: string | undefined,
  ) {
    super(fetcher ? { url, fetcher } : { url });
    this.name = name;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const headers = options.request.http?.headers;
    if (isForMutation(options)) headers?.set(MUTATION_CALL_HEADER, '1');
    if (!('requestId' in options.context)) return; // the gateway's own calls (health checks) carry no caller
    const context = options.context as RouterContext;
    headers?.set(REQUEST_ID_HEADER, context.requestId);
    headers?.set(ARRIVED_AT_HEADER, String(context.arrivedAt));
    if (context.authorization) headers?.set('authorization', context.authorization);
    if (this.internalSecret) {
      let signature = signatures.get(context);
      if (signature === undefined) {
        signature = signClientAddress(context.clientAddress, this.internalSecret);
        signatures.set(context, signature);
      }
      headers?.set(CLIENT_ADDRESS_HEADER, context.clientAddress);
      headers?.set(CLIENT_ADDRESS_SIGNATURE_HEADER, signature);
    }
  }

  override didEncounterError(error: Error): never {
    throw asSubgraphError(this.name, error);
  }
}

/**
 * A call is for a mutation when it runs a mutation itself, or serves an incoming mutation (its entity
 * fetches read what the mutation just wrote: an answer shared from an earlier call would miss it).
 */
function isForMutation(options: GraphQLDataSourceProcessOptions<RouterContext>): boolean {
  if (/^\s*mutation\b/.test(options.request.query ?? '')) return true;
  return 'incomingRequestContext' in options && options.incomingRequestContext.operation?.operation === 'mutation';
}
