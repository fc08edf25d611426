import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse, printSchema, type GraphQLSchema } from 'graphql';

export interface SubgraphSource {
  name: string;
  defaultPort: number;
  schema: () => GraphQLSchema;
}

export interface ComposedSupergraph {
  /** For the router: the supergraph with its join directives and each subgraph's default URL. */
  supergraphSdl: string;
  /** For clients and code generation: the API schema, without federation internals. */
  apiSdl: string;
}

/** Composes the subgraphs' schemas offline (what `rover supergraph compose` would do). */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): ComposedSupergraph {
  const result = composeServices(
    subgraphs.map((subgraph) => ({
      name: subgraph.name,
      url: `http://127.0.0.1:${subgraph.defaultPort}/graphql`,
      typeDefs: parse(printSubgraphSchema(subgraph.schema())),
    })),
  );
  if (result.errors) {
    throw new Error(`Composition failed:\n${result.errors.map((error) => `  ${error.message}`).join('\n')}`);
  }
  return {
    supergraphSdl: `${result.supergraphSdl.trim()}\n`,
    apiSdl: `${printSchema(result.schema.toAPISchema().toGraphQLJSSchema())}\n`,
  };
}
