import {
  Kind,
  getArgumentValues,
  getNamedType,
  getVariableValues,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** What an operation asks of the supergraph, measured before anything runs. */
export interface OperationMeasure {
  /** Deepest chain of nested fields (a leaf at the root is depth 1); fragments add no depth. */
  depth: number;
  /** Fields renamed with an alias, each use counted (the cheap way to ask for one expensive field many times). */
  aliases: number;
  /** Static cost: each field 1, the selection under a list multiplied by the size it asks for (see listSize). */
  cost: number;
}

export interface MeasureOptions {
  /** Items a list field without a size argument is assumed to return. */
  defaultListSize: number;
}

/** Arguments that say how many items a field returns (`first: 20`, `limit: 5`). */
const SIZE_ARGUMENTS = ['first', 'last', 'limit'];

/**
 * Measures one operation against the schema, following fragment spreads (each spread counted where it is
 * used). Introspection (`__schema`, `__type`) is answered by the router itself and is not measured.
 * A field with a size argument multiplies its own selection when it returns a list, and otherwise (a
 * connection: `products(first: 20) { edges { node } }`) the list fields right under it, so a page is
 * counted once and not size × default.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  options: MeasureOptions,
): OperationMeasure {
  const root = schema.getRootType(operation.operation);
  if (!root) return { depth: 0, aliases: 0, cost: 0 };
  // Coerced as execution will (defaults of the operation's variables included); bad values are execution's to refuse.
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  const values = coerced.coerced ?? {};

  const walk = (selectionSet: SelectionSetNode, parent: GraphQLCompositeType, pageSize: number | undefined, visiting: Set<string>): OperationMeasure => {
    const total: OperationMeasure = { depth: 0, aliases: 0, cost: 0 };
    const add = (part: OperationMeasure) => {
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.cost += part.cost;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        add(walk(selection.selectionSet, isCompositeType(typed) ? typed : parent, pageSize, visiting));
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments[name];
        if (!fragment || visiting.has(name)) continue; // validation already refused unknown and cyclic fragments
        const typed = schema.getType(fragment.typeCondition.name.value);
        add(walk(fragment.selectionSet, isCompositeType(typed) ? typed : parent, pageSize, new Set([...visiting, name])));
      } else {
        const name = selection.name.value;
        if (name === '__schema' || name === '__type') continue;
        const aliased = selection.alias ? 1 : 0;
        const field = fieldOf(parent, name);
        const type = field ? getNullableType(field.type) : undefined;
        const ownSize = field ? sizeArgument(field, selection, values) : undefined;
        const returnsList = type !== undefined && isListType(type);
        const named = field ? getNamedType(field.type) : undefined;
        if (!selection.selectionSet || !named || !isCompositeType(named)) {
          total.depth = Math.max(total.depth, 1);
          total.aliases += aliased;
          total.cost += 1;
          continue;
        }
        const below = walk(selection.selectionSet, named, returnsList ? undefined : ownSize, visiting);
        const multiplier = returnsList ? (ownSize ?? pageSize ?? options.defaultListSize) : 1;
        add({ depth: below.depth + 1, aliases: below.aliases + aliased, cost: 1 + multiplier * below.cost });
      }
    }
    return total;
  };

  return walk(operation.selectionSet, root, undefined, new Set());
}

function fieldOf(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
}

/** The field's size argument, as given (a literal or a variable) or its schema default; undefined when it has none. */
function sizeArgument(
  field: GraphQLField<unknown, unknown>,
  node: Parameters<typeof getArgumentValues>[1],
  variables: Record<string, unknown>,
): number | undefined {
  if (!field.args.some((argument) => SIZE_ARGUMENTS.includes(argument.name))) return undefined;
  let values: Record<string, unknown>;
  try {
    values = getArgumentValues(field, node, variables);
  } catch {
    return undefined; // a bad variable is refused by execution; the default list size stands in until then
  }
  for (const name of SIZE_ARGUMENTS) {
    const value = values[name];
    if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, value);
  }
  return undefined;
}
