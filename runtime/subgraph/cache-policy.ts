import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  OperationTypeNode,
  type ConstDirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

export type CacheScope = 'PUBLIC' | 'PRIVATE';

/** A cache hint as `@cacheControl` gives it, or as a resolver restricts its answer. */
export interface CacheHintValue {
  maxAge?: number;
  scope?: CacheScope;
}

interface Annotation extends CacheHintValue {
  inheritMaxAge?: boolean;
}

/** A policy that only ever gets stricter: the smallest max-age and PRIVATE win. */
export class AnswerCachePolicy {
  maxAge: number | undefined;
  scope: CacheScope | undefined;

  /** Makes the answer at most as cacheable as `hint` says (a resolver whose answer is the caller's: `{ scope: 'PRIVATE' }`). */
  restrict(hint: CacheHintValue): void {
    if (hint.maxAge !== undefined && (this.maxAge === undefined || hint.maxAge < this.maxAge)) this.maxAge = hint.maxAge;
    if (hint.scope !== undefined && this.scope !== 'PRIVATE') this.scope = hint.scope;
  }

  /** The response's Cache-Control header: `max-age=N, public|private` when it may be kept, else `no-store`. */
  header(): string {
    return this.maxAge === undefined || this.maxAge <= 0 ? 'no-store' : `max-age=${this.maxAge}, ${(this.scope ?? 'PUBLIC').toLowerCase()}`;
  }
}

/**
 * The cache policy of an operation, worked out once per parsed document from the schema's `@cacheControl` hints
 * by the rules of Apollo's cache-control plugin (a field takes its own hint, else its type's; a root field or a
 * field of object type with neither is not cacheable; a scalar field, or one marked `inheritMaxAge`, is as
 * cacheable as its parent), applied to every field the operation selects. Apollo's plugin does the same as
 * each field resolves, which wraps every resolver of the schema: a page of products then costs a closure, a
 * policy object and a hook call per field. Walking the document instead counts every selected field, also
 * those a null or an empty list leaves unresolved, so the result is never more cacheable than Apollo's.
 *
 * What depends on the request is added when it is answered: the types of the entities asked for (`_entities`
 * takes its hint from each representation's type, as @apollo/subgraph does) and what resolvers restricted
 * through the context's `cachePolicy`.
 */
export function operationCachePolicy(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): Readonly<CacheHintValue> {
  let ofSchema = policies.get(schema);
  if (!ofSchema) policies.set(schema, (ofSchema = new WeakMap()));
  let byOperation = ofSchema.get(document);
  if (!byOperation) ofSchema.set(document, (byOperation = new Map<string, CacheHintValue>()));
  const name = operationName ?? '';
  let policy = byOperation.get(name);
  // Shared by every request of the document: frozen, so no request's restrictions can reach the next one.
  if (!policy) byOperation.set(name, (policy = Object.freeze(staticPolicy(schema, document, operationName))));
  return policy;
}

// Per schema, per parsed document (Apollo keeps one per query text), per operation name.
const policies = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, CacheHintValue>>>();
const annotations = new WeakMap<object, Annotation>();

function staticPolicy(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): CacheHintValue {
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName),
  );
  const root = operation && schema.getRootType(operation.operation);
  // Introspection only, or nothing to run: no field of the schema resolves, so no hint makes it cacheable.
  if (!operation || !root) return {};
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const overall = new AnswerCachePolicy();
  const walk = (parents: readonly GraphQLCompositeType[], selectionSet: SelectionSetNode, isRoot: boolean, seen: ReadonlySet<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : undefined;
        walk(on && isCompositeType(on) ? narrowed(schema, parents, on) : parents, selection.selectionSet, isRoot, seen);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        const on = schema.getType(fragment.typeCondition.name.value);
        if (on && isCompositeType(on)) walk(narrowed(schema, parents, on), fragment.selectionSet, isRoot, new Set([...seen, fragment.name.value]));
      } else {
        // Meta-fields (`__typename`, introspection) have no resolver of the schema: Apollo gives them no hint.
        if (selection.name.value.startsWith('__')) continue;
        for (const parent of objectTypesOf(schema, parents)) {
          const field = parent.getFields()[selection.name.value];
          if (!field) continue;
          overall.restrict(fieldPolicy(field, isRoot));
          const target = getNamedType(field.type);
          if (selection.selectionSet && isCompositeType(target)) walk([target], selection.selectionSet, false, seen);
        }
      }
    }
  };
  walk([root], operation.selectionSet, true, new Set());
  return { maxAge: overall.maxAge, scope: overall.scope };
}

/** A field's own policy, as Apollo's plugin works it out when the field has resolved (no dynamic hint). */
function fieldPolicy(field: GraphQLField<unknown, unknown>, isRoot: boolean): CacheHintValue {
  const policy = new AnswerCachePolicy();
  let inheritMaxAge = false;
  const target = getNamedType(field.type);
  if (isCompositeType(target)) {
    const ofType = annotationOf(target);
    replace(policy, ofType);
    inheritMaxAge = ofType.inheritMaxAge === true;
  }
  const ofField = annotationOf(field);
  if (ofField.inheritMaxAge && policy.maxAge === undefined) {
    inheritMaxAge = true;
    if (ofField.scope) replace(policy, { scope: ofField.scope });
  } else replace(policy, ofField);
  // `_entities` is hinted per request, by the types of its representations (see entityTypesPolicy).
  if (isRoot && field.name === '_entities') return { scope: policy.scope };
  if (policy.maxAge === undefined && ((isCompositeType(target) && !inheritMaxAge) || isRoot)) policy.restrict({ maxAge: 0 });
  return { maxAge: policy.maxAge, scope: policy.scope };
}

/** What `_entities` adds for these representations: each type's hint, or max-age 0 when none (as Apollo's default). */
export function entityTypesPolicy(schema: GraphQLSchema, representations: unknown): CacheHintValue {
  const policy = new AnswerCachePolicy();
  const typeNames = new Set<string>();
  if (Array.isArray(representations)) for (const one of representations) typeNames.add(String((one as { __typename?: unknown } | null)?.__typename));
  for (const typeName of typeNames) {
    const type = schema.getType(typeName);
    if (type && isCompositeType(type)) policy.restrict(annotationOf(type));
  }
  if (policy.maxAge === undefined) policy.restrict({ maxAge: 0 });
  return { maxAge: policy.maxAge, scope: policy.scope };
}

function replace(policy: AnswerCachePolicy, hint: CacheHintValue): void {
  if (hint.maxAge !== undefined) policy.maxAge = hint.maxAge;
  if (hint.scope !== undefined) policy.scope = hint.scope;
}

/** Where a fragment on `on` narrows the parents: `on` itself when it is an object type, else its object types. */
function narrowed(schema: GraphQLSchema, parents: readonly GraphQLCompositeType[], on: GraphQLCompositeType): GraphQLCompositeType[] {
  const candidates = objectTypesOf(schema, [on]);
  const possible = new Set(objectTypesOf(schema, parents));
  const inBoth = candidates.filter((type) => possible.has(type));
  return inBoth.length > 0 ? inBoth : candidates;
}

/** The object types a field selected on these parents may resolve on. */
function objectTypesOf(schema: GraphQLSchema, parents: readonly GraphQLCompositeType[]) {
  return parents.flatMap((parent) => (isAbstractType(parent) ? schema.getPossibleTypes(parent) : isObjectType(parent) ? [parent] : []));
}

function annotationOf(of: GraphQLNamedType | GraphQLField<unknown, unknown>): Annotation {
  let annotation = annotations.get(of);
  if (annotation) return annotation;
  const nodes = [of.astNode, ...('extensionASTNodes' in of ? of.extensionASTNodes : [])];
  annotation = {};
  for (const node of nodes) {
    const found = node && 'directives' in node ? hintOf(node.directives) : undefined;
    if (found) {
      annotation = found;
      break;
    }
  }
  annotations.set(of, annotation);
  return annotation;
}

function hintOf(directives: readonly ConstDirectiveNode[] | undefined): Annotation | undefined {
  const directive = directives?.find((one) => one.name.value === 'cacheControl');
  if (!directive?.arguments) return undefined;
  const argument = (name: string) => directive.arguments!.find((one) => one.name.value === name)?.value;
  const scopeValue = argument('scope');
  const scopeName = scopeValue?.kind === Kind.ENUM ? scopeValue.value : undefined;
  const scope = scopeName === 'PUBLIC' || scopeName === 'PRIVATE' ? scopeName : undefined;
  const inherit = argument('inheritMaxAge');
  if (inherit?.kind === Kind.BOOLEAN && inherit.value) return { inheritMaxAge: true, scope };
  const maxAge = argument('maxAge');
  return { maxAge: maxAge?.kind === Kind.INT ? Number.parseInt(maxAge.value, 10) : undefined, scope };
}

/**
 * Sets each answer's Cache-Control header from the operation's policy (see operationCachePolicy), what its
 * resolvers restricted, and the entity types it was asked for: `max-age=N, public|private`, or `no-store` for
 * anything not cacheable and any answer with errors. In place of Apollo's cache-control plugin, which the
 * subgraphs disable.
 */
export function cachePolicyPlugin<TContext extends { cachePolicy: AnswerCachePolicy }>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, document, operation, operationName, request, response, schema }) {
          const policy = contextValue.cachePolicy;
          if (document && operation?.operation === OperationTypeNode.QUERY) {
            policy.restrict(operationCachePolicy(schema, document, operationName));
            for (const selection of operation.selectionSet.selections) {
              if (selection.kind !== Kind.FIELD || selection.name.value !== '_entities') continue;
              const argument = selection.arguments?.find((one) => one.name.value === 'representations')?.value;
              policy.restrict(entityTypesPolicy(schema, argument && valueFromASTUntyped(argument, request.variables)));
            }
          } else policy.restrict({ maxAge: 0 });
          const failed = response.body.kind !== 'single' || (response.body.singleResult.errors?.length ?? 0) > 0;
          response.http.headers.set('cache-control', failed ? 'no-store' : policy.header());
        },
      };
    },
  };
}
