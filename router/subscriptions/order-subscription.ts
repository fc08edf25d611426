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
import { DomainError, type ErrorCode } from '../../runtime/errors';
import { readOrderLogCursor } from '../../runtime/graphql/order-log-cursor';

/** Which events a subscription follows: one order's, or every order's (the staff feeds). */
export type OrderFeed = { kind: 'order'; orderId: string } | { kind: 'all' };

/**
 * Where a resumed subscription picks up: after a sequence of its order (`afterSequence`), or after a cursor of the
 * log of every order (`after`, the staff feeds). Its changes from there are replayed before the live ones.
 */
export type ResumePoint = { afterSequence: number } | { after: string };

export const ORDER_SUBSCRIPTION_FIELDS = ['orderStatusChanged', 'orderUpdates', 'orderStatusChanges', 'orderChanges'] as const;
export type OrderSubscriptionField = (typeof ORDER_SUBSCRIPTION_FIELDS)[number];

/** The fields that follow one order (the others are the staff feeds). */
const ONE_ORDER_FIELDS: readonly OrderSubscriptionField[] = ['orderStatusChanged', 'orderStatusChanges'];

/**
 * What a field sends per event: `order`, the order itself (the deprecated fields, its status overwritten by the
 * event's); `change`, an OrderStatusChange (the event's own facts, and the order hydrated under `order`).
 */
export type OrderEventShape = 'order' | 'change';
export const shapeOf = (field: OrderSubscriptionField): OrderEventShape => (field === 'orderStatusChanged' || field === 'orderUpdates' ? 'order' : 'change');

/** A validated subscription, and the query that turns each event into what the subscriber selected. */
export interface OrderSubscription {
  field: OrderSubscriptionField;
  /** The alias or field name the client expects its data under. */
  responseKey: string;
  feed: OrderFeed;
  /** Null for a subscription that starts live. */
  resume: ResumePoint | null;
  /**
   * `query($<orderIdVariable>: ID!, …) { <key>: order(id: …) { <the subscriber's selection> } … }`, fragments and
   * variables kept; one `order` per response key the subscriber selected it under (`order` for the deprecated
   * fields). Null when nothing of the order is selected (an OrderStatusChange without `order`): no query then.
   */
  hydrationQuery: string | null;
  /** The subscriber's selection under the root field, printed with its fragments: equal selections give equal results. */
  selectionKey: string;
  orderIdVariable: string;
  /** The subscriber's own variables that the selection uses, as sent. */
  selectionVariables: Record<string, unknown>;
}

/** What a subscription document says, whatever its variables: read once per document and shared by its subscribers. */
export interface PreparedOrderSubscription {
  field: OrderSubscriptionField;
  responseKey: string;
  hydrationQuery: string | null;
  selectionKey: string;
  orderIdVariable: string;
  /** The variables the selection uses (they go into the hydration query). */
  selectionVariableNames: readonly string[];
  operation: OperationDefinitionNode;
  root: FieldNode;
}

const HYDRATION_NAME = 'OrderSubscriptionEvent';

const refusal = (message: string, code: 'BAD_USER_INPUT' | 'BAD_REQUEST' = 'BAD_USER_INPUT') => [new DomainError(code, message)];

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
export function prepareOrderSubscription(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
): PreparedOrderSubscription | readonly GraphQLError[] {
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
  if (!root || !field || !ORDER_SUBSCRIPTION_FIELDS.includes(field)) return refusal(`The router serves ${ORDER_SUBSCRIPTION_FIELDS.join(', ')} only`);

  // The deprecated fields select on Order itself; an OrderStatusChange selects the order under `order` (maybe aliased, maybe twice).
  const orderFields: FieldNode[] =
    shapeOf(field) === 'order'
      ? [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'order' }, selectionSet: root.selectionSet }]
      : orderFieldsIn(root.selectionSet!, fragments).map((node) => ({ ...node, alias: { kind: Kind.NAME, value: node.alias?.value ?? node.name.value } }));
  // Only what the selection itself uses goes into the query: unused fragments or variables fail validation.
  const used = reachableFragments({ kind: Kind.SELECTION_SET, selections: orderFields }, fragments);
  const usedVariables = variablesIn([{ kind: Kind.SELECTION_SET, selections: orderFields }, ...used.map((fragment) => fragment.selectionSet)]);
  const orderIdVariable = freeName('orderId', usedVariables);
  const orderId = { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: orderIdVariable } } as const;
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
            variable: orderId,
            type: { kind: Kind.NON_NULL_TYPE, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } } },
          },
          ...(operation.variableDefinitions ?? []).filter((definition) => usedVariables.has(definition.variable.name.value)),
        ],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: orderFields.map((node) => ({ ...node, arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: orderId }] })),
        },
      },
      ...used,
    ],
  };
  const selectionFragments = reachableFragments(root.selectionSet!, fragments);
  return {
    field,
    responseKey: root.alias?.value ?? field,
    hydrationQuery: orderFields.length > 0 ? print(hydration) : null,
    selectionKey: [print(root.selectionSet!), ...selectionFragments.map((fragment) => print(fragment))].join('\n'),
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
  const definition = schema.getSubscriptionType()!.getFields()[prepared.field];
  const args = getArgumentValues(definition, prepared.root, coerced.coerced) as { orderId?: string; afterSequence?: number | null; after?: string | null };
  const feed: OrderFeed = ONE_ORDER_FIELDS.includes(prepared.field) ? { kind: 'order', orderId: args.orderId! } : { kind: 'all' };
  let resume: ResumePoint | null = null;
  if (args.afterSequence !== undefined && args.afterSequence !== null) {
    if (args.afterSequence < 0) return [new DomainError('BAD_USER_INPUT', 'afterSequence is 0 or more', { field: 'afterSequence' })];
    resume = { afterSequence: args.afterSequence };
  } else if (args.after !== undefined && args.after !== null) {
    try {
      readOrderLogCursor(args.after, 'after'); // a cursor no router made is refused before anything is asked
    } catch (error) {
      return [error as DomainError];
    }
    resume = { after: args.after };
  }
  const raw = variables ?? {};
  const selectionVariables = Object.fromEntries(prepared.selectionVariableNames.filter((name) => name in raw).map((name) => [name, raw[name]]));
  const { field, responseKey, hydrationQuery, selectionKey, orderIdVariable } = prepared;
  return { field, responseKey, feed, resume, hydrationQuery, selectionKey, orderIdVariable, selectionVariables };
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

/** The `order` fields of an OrderStatusChange selection, also those in its fragments (the type has no other to spread). */
function orderFieldsIn(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  const found: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === 'order') found.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found.push(...orderFieldsIn(selection.selectionSet, fragments, seen));
    } else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      const fragment = fragments.get(selection.name.value);
      if (fragment) found.push(...orderFieldsIn(fragment.selectionSet, fragments, seen));
    }
  }
  return found;
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

function withCode(error: GraphQLError, code: ErrorCode): GraphQLError {
  return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, extensions: { code, ...error.extensions } });
}
