import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  OperationTypeNode,
  print,
  validate,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** Which events a subscription follows: one order's, or every order's (the staff feed). */
export type OrderFeed = { kind: 'order'; orderId: string } | { kind: 'all' };

export const ORDER_SUBSCRIPTION_FIELDS = ['orderStatusChanged', 'orderUpdates'] as const;
export type OrderSubscriptionField = (typeof ORDER_SUBSCRIPTION_FIELDS)[number];

/** A validated subscription, and the query that turns each event into what the subscriber selected. */
export interface OrderSubscription {
  field: OrderSubscriptionField;
  /** The alias or field name the client expects its data under. */
  responseKey: string;
  feed: OrderFeed;
  /** `query($<orderIdVariable>: ID!, …) { order(id: …) { <the subscriber's selection> } }`, fragments and variables kept. */
  hydrationQuery: string;
  orderIdVariable: string;
  /** The subscriber's own variables that the selection uses, as sent. */
  selectionVariables: Record<string, unknown>;
}

/** What a subscription document says, whatever its variables: read once per document and shared by its subscribers. */
export interface PreparedOrderSubscription {
  field: OrderSubscriptionField;
  responseKey: string;
  hydrationQuery: string;
  orderIdVariable: string;
  /** The variables the selection uses (they go into the hydration query). */
  selectionVariableNames: readonly string[];
  operation: OperationDefinitionNode;
  root: FieldNode;
}

const HYDRATION_NAME = 'OrderSubscriptionEvent';

const refusal = (message: string, code = 'BAD_USER_INPUT') => [new GraphQLError(message, { extensions: { code } })];

/**
 * Checks a document against the API schema and reads the one order subscription it asks for.
 * Errors come back as a list (graphql-ws sends them to the client as the subscription's error).
 */
export function readOrderSubscription(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  operationName: string | null | undefined,
): OrderSubscription | readonly GraphQLError[] {
  const prepared = prepareOrderSubscription(schema, document, operationName);
  return isRefusal(prepared) ? prepared : orderSubscriptionOf(schema, prepared, variables);
}

/** Reading a subscription gives what was read or, refused, the errors for the client. */
export const isRefusal = <T extends object>(read: T | readonly GraphQLError[]): read is readonly GraphQLError[] => Array.isArray(read);

/** The part of reading a subscription that depends on its document alone: validation, the field, the hydration query. */
export function prepareOrderSubscription(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): PreparedOrderSubscription | readonly GraphQLError[] {
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
  const operation = getOperationAST(document, operationName);
  if (!operation) return refusal('The document names no operation to run (or several without an operationName)');
  if (operation.operation !== OperationTypeNode.SUBSCRIPTION) {
    return refusal('Only subscriptions are served over WebSocket; send queries and mutations over HTTP', 'BAD_REQUEST');
  }

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const root = rootField(operation.selectionSet, fragments);
  const field = root?.name.value as OrderSubscriptionField | undefined;
  if (!root || !field || !ORDER_SUBSCRIPTION_FIELDS.includes(field)) return refusal('The router serves orderStatusChanged and orderUpdates only');

  // Only what the selection itself uses goes into the query: unused fragments or variables fail validation.
  const used = reachableFragments(root.selectionSet!, fragments);
  const usedVariables = variablesIn([root.selectionSet!, ...used.map((fragment) => fragment.selectionSet)]);
  const orderIdVariable = freeName('orderId', usedVariables);
  const hydration: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        name: { kind: Kind.NAME, value: HYDRATION_NAME },
        variableDefinitions: [
          {
            kind: Kind.VARIABLE_DEFINITION,
            variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: orderIdVariable } },
            type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
          },
          ...(operation.variableDefinitions ?? []).filter((definition) => usedVariables.has(definition.variable.name.value)),
        ],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              name: { kind: Kind.NAME, value: 'order' },
              arguments: [
                {
                  kind: Kind.ARGUMENT,
                  name: { kind: Kind.NAME, value: 'id' },
                  value: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: orderIdVariable } },
                },
              ],
              selectionSet: root.selectionSet,
            },
          ],
        },
      },
      ...used,
    ],
  };
  return {
    field,
    responseKey: root.alias?.value ?? field,
    hydrationQuery: print(hydration),
    orderIdVariable,
    selectionVariableNames: [...usedVariables],
    operation,
    root,
  };
}

/** One subscriber's subscription: the prepared document with their variables (which order, and what the selection uses). */
export function orderSubscriptionOf(
  schema: GraphQLSchema,
  prepared: PreparedOrderSubscription,
  variables: Record<string, unknown> | null | undefined,
): OrderSubscription | readonly GraphQLError[] {
  const coerced = getVariableValues(schema, prepared.operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors) return coerced.errors.map((error) => withCode(error, 'BAD_USER_INPUT'));
  let feed: OrderFeed = { kind: 'all' };
  if (prepared.field === 'orderStatusChanged') {
    const definition = schema.getSubscriptionType()!.getFields()[prepared.field];
    const { orderId } = getArgumentValues(definition, prepared.root, coerced.coerced) as { orderId: string };
    feed = { kind: 'order', orderId };
  }
  const raw = variables ?? {};
  const selectionVariables = Object.fromEntries(prepared.selectionVariableNames.filter((name) => name in raw).map((name) => [name, raw[name]]));
  const { field, responseKey, hydrationQuery, orderIdVariable } = prepared;
  return { field, responseKey, feed, hydrationQuery, orderIdVariable, selectionVariables };
}

/** The single root field, also when it sits in an inline fragment or a fragment spread on Subscription. */
function rootField(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): FieldNode | undefined {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) return selection;
    const nested = selection.kind === Kind.INLINE_FRAGMENT ? selection.selectionSet : fragments.get(selection.name.value)?.selectionSet;
    const found = nested && rootField(nested, fragments);
    if (found) return found;
  }
  return undefined;
}

function reachableFragments(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (node: SelectionSetNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (!fragment || found.has(fragment.name.value)) return;
        found.set(fragment.name.value, fragment);
        walk(fragment.selectionSet);
      },
    });
  walk(selectionSet);
  return [...found.values()];
}

function variablesIn(nodes: SelectionSetNode[]): Set<string> {
  const names = new Set<string>();
  for (const node of nodes) visit(node, { Variable: (variable) => void names.add(variable.name.value) });
  return names;
}

function freeName(base: string, taken: Set<string>): string {
  let name = `_${base}`;
  while (taken.has(name)) name = `_${name}`;
  return name;
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code, ...error.extensions } });
}
