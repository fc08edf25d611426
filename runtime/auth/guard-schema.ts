import type { GraphQLSchema } from 'graphql';
import { isIntrospectionType, isObjectType } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { allow, deny, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { forbiddenError } from './rules';

/** A rule tree as graphql-shield reads it: per type, a rule for all its fields or a rule per field (`*`: the rest). */
type RuleTree = Record<string, unknown>;

const isRule = (value: unknown): boolean => typeof (value as { resolve?: unknown } | undefined)?.resolve === 'function';

/** The rule graphql-shield applies to a field: the field's own, the type's wildcard or rule, else the fallback. */
function ruleOf(tree: RuleTree, typeName: string, fieldName: string, fallback: unknown): unknown {
  const typeRules = tree[typeName];
  if (!typeRules) return fallback;
  if (isRule(typeRules)) return typeRules;
  const fields = typeRules as Record<string, unknown>;
  return fields[fieldName] ?? fields['*'] ?? fallback;
}

/**
 * Wraps a subgraph schema in graphql-shield, denying every field no rule allows. The router must still
 * load the schema (`_service`) and resolve entities (`_entities`); entity *fields* stay guarded, since
 * reference resolution bypasses Query rules.
 *
 * A field whose rule is `allow` keeps its own resolver: the shield's wrapper would only ask a rule that always
 * says yes, turning every such field (most of a page of products) into a promise. Every other field, and any
 * field no rule names, still goes through the shield (deny by default).
 */
export function guardSchema(schema: GraphQLSchema, rules: IRules): GraphQLSchema {
  const tree = rules as RuleTree;
  const withFederation: RuleTree = {
    ...tree,
    Query: { ...(tree.Query ?? {}), _service: allow, _entities: allow },
    _Service: allow,
  };
  const guarded = applyMiddleware(
    schema,
    shield(withFederation as IRules, {
      fallbackRule: deny,
      fallbackError: forbiddenError(),
      // Typed errors thrown by resolvers (NOT_FOUND, CONFLICT…) reach the caller as they are.
      allowExternalErrors: true,
    }),
  );
  for (const type of Object.values(guarded.getTypeMap())) {
    const original = schema.getType(type.name);
    if (!isObjectType(type) || isIntrospectionType(type) || !isObjectType(original)) continue;
    for (const [name, field] of Object.entries(type.getFields())) {
      if (ruleOf(withFederation, type.name, name, deny) === allow) field.resolve = original.getFields()[name]?.resolve;
    }
  }
  return guarded;
}
