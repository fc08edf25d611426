import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { forbiddenError } from './rules';

/**
 * Wraps a subgraph schema in graphql-shield, denying every field no rule allows. The router must still
 * load the schema (`_service`) and resolve entities (`_entities`); entity *fields* stay guarded, since
 * reference resolution bypasses Query rules.
 */
export function guardSchema(schema: GraphQLSchema, rules: IRules): GraphQLSchema {
  const tree = rules as Record<string, Record<string, unknown>>;
  const withFederation = {
    ...tree,
    Query: { ...(tree.Query ?? {}), _service: allow, _entities: allow },
    _Service: allow,
  };
  return applyMiddleware(
    schema,
    shield(withFederation as IRules, {
      fallbackRule: deny,
      fallbackError: forbiddenError(),
      // Typed errors thrown by resolvers (NOT_FOUND, CONFLICT…) reach the caller as they are.
      allowExternalErrors: true,
    }),
  );
}
