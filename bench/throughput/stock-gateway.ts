// The baseline: @apollo/gateway on @apollo/server as their documentation sets them up, over the same supergraph
// and subgraphs, forwarding the caller's Authorization header and nothing else. No response cache, no
// limits, no metrics, no subscriptions: "stock".
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

interface Context {
  authorization?: string;
}

class ForwardAuthorization extends RemoteGraphQLDataSource<Context> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Context>): void {
    if ('authorization' in context && context.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}

async function main(): Promise<void> {
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(process.env.SUPERGRAPH_PATH ?? 'schema/supergraph.graphql', 'utf8'),
    // The same SUBGRAPH_<NAME>_URL addresses the router is given.
    buildService: ({ name, url }) => new ForwardAuthorization({ url: process.env[`SUBGRAPH_${name.toUpperCase()}_URL`] ?? url }),
  });
  const server = new ApolloServer<Context>({ gateway });
  await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: Number(process.env.PORT) },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
