import 'reflect-metadata';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { parse, type GraphQLSchema } from 'graphql';
import type { CacheTags } from '../graphql/cache-tags';
import { checkEntityRepresentations } from './entity-representations';
import { buildSchemaSync, createResolversMap, type NonEmptyArray, type PubSub, type ResolverObject } from 'type-graphql';

const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])\n';

/**
 * Subgraphs declare subscriptions (so they compose into the supergraph) but never serve them: the router
 * does, over graphql-ws. type-graphql insists on a PubSub once a subscription exists; this one refuses.
 */
const NO_PUB_SUB: PubSub = {
  publish: () => {
    throw new Error('Subgraphs do not publish subscription events; domain events go through the outbox');
  },
  subscribe: () => {
    throw new Error('Subscriptions are served by the router');
  },
};

/**
 * Cache hints (`@cacheControl`, Apollo's convention) that subgraphs put on their types and fields. Each
 * subgraph works out a policy from them per document (cache-policy.ts, Apollo's rules) and answers with a
 * `Cache-Control` header; the router's
 * gateway takes the most restrictive of the subgraphs it called, which drives the router's response cache.
 * Anything without a hint is not cacheable (root fields and object fields default to max-age 0).
 * `CacheControlScope` is hidden from clients: it only serves the directive.
 */
const CACHE_CONTROL_DEFINITIONS = `
enum CacheControlScope @inaccessible { PUBLIC PRIVATE }
directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
`;

const BUILT_IN_SCALARS = new Set(['ID', 'String', 'Int', 'Float', 'Boolean']);

/** What type-graphql takes for resolver and type classes. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own type for classes
type ClassType = Function;

/** `__resolveReference` of one entity type: it reads the reference as the entity's key fields (`never` here takes any such reader). */
type ReferenceResolver<TContext> = (reference: never, context: TContext) => unknown;

export interface FederatedSchemaOptions<TContext> {
  resolvers: NonEmptyArray<ClassType>;
  orphanedTypes?: ClassType[];
  /** `__resolveReference` per entity type this subgraph can resolve. */
  references?: Record<string, ReferenceResolver<TContext>>;
}

/** An entity fetched by its key depends on that entity: its answer is tagged `<subgraph>:<Type>:<id>`. */
function taggingReads<TContext>(typeName: string, resolveReference: ReferenceResolver<TContext>) {
  return (reference: { id?: unknown }, context: TContext) => {
    if (typeof reference.id === 'string') (context as { cacheTags?: CacheTags }).cacheTags?.read(typeName, reference.id);
    return resolveReference(reference as never, context);
  };
}

/**
 * Turns type-graphql classes into a Federation 2 subgraph schema. type-graphql's own printer would drop
 * `@key`, so the schema is printed with its directives and rebuilt by @apollo/subgraph.
 */
export function buildFederatedSchema<TContext>(options: FederatedSchemaOptions<TContext>): GraphQLSchema {
  const codeFirst = buildSchemaSync({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    skipCheck: true,
    pubSub: NO_PUB_SUB,
    validate: false,
  });
  const typeDefs = parse(FEDERATION_LINK + CACHE_CONTROL_DEFINITIONS + printSchemaWithDirectives(codeFirst));
  // type-graphql and @apollo/subgraph type the same resolver map two incompatible ways.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const resolvers: Record<string, any> = createResolversMap(codeFirst);
  for (const name of BUILT_IN_SCALARS) delete resolvers[name];
  for (const [typeName, resolveReference] of Object.entries(options.references ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as ResolverObject), __resolveReference: taggingReads(typeName, resolveReference) };
  }
  const schema = buildSubgraphSchema([{ typeDefs, resolvers }]);
  // Whoever reaches a subgraph directly may send any representation: each is checked before a store sees it.
  checkEntityRepresentations(schema, typeDefs);
  return schema;
}
