import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_SIGNATURE_HEADER, signClientAddress } from '../runtime/auth/client-address';
import { REQUEST_ID_HEADER } from '../runtime/request-id';
import type { RouterContext } from './context';

/**
 * Passes the caller's token and the request id on to every subgraph the plan calls, and the caller's
 * address signed with the internal secret so subgraphs can tell it from a forged header.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  constructor(
    options: { url?: string },
    private readonly internalSecret: string | undefined,
  ) {
    super(options);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    if (!('requestId' in context)) return; // the gateway's own calls (health checks) carry no caller
    const headers = request.http?.headers;
    headers?.set(REQUEST_ID_HEADER, context.requestId);
    if (context.authorization) headers?.set('authorization', context.authorization);
    if (this.internalSecret) {
      headers?.set(CLIENT_ADDRESS_HEADER, context.clientAddress);
      headers?.set(CLIENT_ADDRESS_SIGNATURE_HEADER, signClientAddress(context.clientAddress, this.internalSecret));
    }
  }
}
