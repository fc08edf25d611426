import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  getNamedType,
  getVariableValues,
  isCompositeType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DomainError } from '../../runtime/errors';

/** An argument value a scalar refused: where (`filter.placedFrom`), on which field, and the scalar's reason. */
export interface InvalidScalarArgument {
  path: string;
  field: string;
  reason: string;
}

/**
 * The first argument of the operation (a literal or a variable, inside input objects and lists) that one of
 * `scalars` refuses to parse, or undefined. Variables that do not even coerce are left to the gateway, which
 * refuses them as it always does.
 */
export function invalidScalarArgument(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  scalars: ReadonlyMap<string, GraphQLScalarType>,
): InvalidScalarArgument | undefined {
  const root = schema.getRootType(operation.operation);
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables).coerced;
  if (!root || !coerced) return undefined;

  const parses = (scalar: GraphQLScalarType, parse: () => unknown): string | undefined => {
    if (!scalars.has(scalar.name)) return undefined;
    try {
      parse();
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };

  const checkValue = (value: unknown, type: GraphQLInputType, path: string): [string, string] | undefined => {
    if (value === null || value === undefined) return undefined;
    if (isNonNullType(type)) return checkValue(value, type.ofType, path);
    if (isListType(type)) {
      if (!Array.isArray(value)) return checkValue(value, type.ofType, path);
      for (const [index, item] of value.entries()) {
        const found = checkValue(item, type.ofType, `${path}[${index}]`);
        if (found) return found;
      }
      return undefined;
    }
    if (isInputObjectType(type)) {
      if (typeof value !== 'object') return undefined;
      for (const field of Object.values(type.getFields())) {
        const found = checkValue((value as Record<string, unknown>)[field.name], field.type, `${path}.${field.name}`);
        if (found) return found;
      }
      return undefined;
    }
    if (!isScalarType(type)) return undefined;
    const reason = parses(type, () => scalars.get(type.name)!.parseValue(value));
    return reason === undefined ? undefined : [path, reason];
  };

  const checkLiteral = (node: ValueNode, type: GraphQLInputType, path: string): [string, string] | undefined => {
    if (node.kind === Kind.VARIABLE) return checkValue(coerced[node.name.value], type, path);
    if (node.kind === Kind.NULL) return undefined;
    if (isNonNullType(type)) return checkLiteral(node, type.ofType, path);
    if (isListType(type)) {
      if (node.kind !== Kind.LIST) return checkLiteral(node, type.ofType, path);
      for (const [index, item] of node.values.entries()) {
        const found = checkLiteral(item, type.ofType, `${path}[${index}]`);
        if (found) return found;
      }
      return undefined;
    }
    if (isInputObjectType(type)) {
      if (node.kind !== Kind.OBJECT) return undefined;
      for (const field of node.fields) {
        const definition = type.getFields()[field.name.value];
        const found = definition && checkLiteral(field.value, definition.type, `${path}.${field.name.value}`);
        if (found) return found;
      }
      return undefined;
    }
    if (!isScalarType(type)) return undefined;
    const reason = parses(type, () => scalars.get(type.name)!.parseLiteral(node, coerced));
    return reason === undefined ? undefined : [path, reason];
  };

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, visiting: Set<string>): InvalidScalarArgument | undefined => {
    for (const selection of selectionSet.selections) {
      let found: InvalidScalarArgument | undefined;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        found = walk(selection.selectionSet, isCompositeType(typed) ? typed : parent, visiting);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (!fragment || visiting.has(fragment.name.value)) continue; // validation already refused unknown and cyclic fragments
        const typed = schema.getType(fragment.typeCondition.name.value);
        found = walk(fragment.selectionSet, isCompositeType(typed) ? typed : parent, new Set([...visiting, fragment.name.value]));
      } else {
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
        if (!field) continue;
        for (const argument of selection.arguments ?? []) {
          const definition = field.args.find((candidate) => candidate.name === argument.name.value);
          const refused = definition && checkLiteral(argument.value, definition.type, argument.name.value);
          if (refused) return { path: refused[0], field: `${parent.name}.${field.name}`, reason: refused[1] };
        }
        const named = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(named)) found = walk(selection.selectionSet, named, visiting);
      }
      if (found) return found;
    }
    return undefined;
  };

  return walk(operation.selectionSet, root, new Set());
}

/**
 * Refuses, before the gateway plans it, an operation whose arguments hold a value one of the subgraphs' custom
 * scalars (runtime/graphql/input-scalars.ts) would refuse, e.g. a `DateTimeISO` that is no date: BAD_USER_INPUT
 * naming the argument (`field`: `filter.placedFrom`), HTTP 400, as for a variable of the wrong type. Without it
 * the subgraph would refuse it inside the router's call, which the client saw as an internal error.
 */
export function scalarArgumentsPlugin<TContext extends object>(scalars: ReadonlyMap<string, GraphQLScalarType>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (!operation) return;
          const fragments = Object.fromEntries(
            document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
          );
          const invalid = invalidScalarArgument(schema, operation, fragments, request.variables ?? {}, scalars);
          if (!invalid) return;
          throw new DomainError('BAD_USER_INPUT', `Argument "${invalid.path}" of ${invalid.field} is not valid: ${invalid.reason}`, {
            field: invalid.path,
            http: { status: 400 },
          });
        },
      };
    },
  };
}
