import {
  buildASTSchema,
  executeSync,
  GraphQLError,
  parse,
  printSchema,
  responsePathAsArray,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { toGraphQLError, type HydratedOrder } from './gateway-queries';
import { cursorOf, type OrderEvent } from './order-event';
import type { OrderEventShape } from './order-subscription';

/** What a subscriber's results are made from: their document and variables, against the API schema they subscribed with. */
export interface EventPresentation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables: Record<string, unknown>;
  shape: OrderEventShape;
  responseKey: string;
}

/** What an OrderStatusChange says of itself: the event's facts, never read back from the order. */
export interface StatusChange {
  orderId: string;
  status: string;
  previousStatus: string | null;
  sequence: number;
  changedAt: string;
  cursor: string;
}

/**
 * The subscriber's result for one event, as the JSON of a graphql-ws `next` payload. Their own document is
 * executed locally against the API schema, over the event and the hydrated order (read by response key, as the
 * gateway answered it): aliases, fragments and directives come out as the client asked, and whatever the event
 * announces (its status above all) is the event's, not the order's as it is by the time it was hydrated. The
 * gateway's errors point into the result. Made once per hydration and response key, sent to all who share them.
 */
export function eventPayload(presentation: EventPresentation, event: OrderEvent, hydrated: HydratedOrder): string {
  const { shape, responseKey } = presentation;
  const schema = withoutResolvers(presentation.schema);
  const subscriptionType = schema.getSubscriptionType();
  const gatewayErrors = hydrated.errors ?? [];
  const pathless = gatewayErrors.filter((error) => !error.path?.length);
  const errors: GraphQLFormattedError[] = [];
  let rootValue: unknown;
  if (shape === 'order') {
    // The deprecated fields are the order itself (non-null): unreadable, the result is null with the reasons.
    const order = hydrated.data?.order;
    errors.push(...gatewayErrors.map((error) => located(error, [responseKey, ...(error.path?.slice(1) ?? [])])));
    if (order === null || order === undefined) {
      if (errors.length === 0)
        errors.push(new GraphQLError(`Order ${event.orderId} could not be read`, { path: [responseKey], extensions: { code: 'NOT_FOUND' } }).toJSON());
      return JSON.stringify({ data: null, errors, ...resumeExtensions(shape, event) });
    }
    rootValue = order;
  } else {
    errors.push(...gatewayErrors.filter((error) => error.path?.length).map((error) => located(error, [responseKey, ...error.path!])));
    const change: StatusChange = {
      orderId: event.orderId,
      status: event.status,
      previousStatus: event.previousStatus,
      sequence: event.sequence,
      changedAt: event.occurredAt,
      cursor: cursorOf(event),
    };
    rootValue = change;
  }

  const resolve: GraphQLFieldResolver<unknown, unknown> = (source, _args, _context, info) => {
    if (info.parentType === subscriptionType) return source;
    if (info.parentType.name === 'OrderStatusChange') {
      if (info.fieldName !== 'order') return (source as StatusChange)[info.fieldName as keyof StatusChange];
      // An error that names no field (a whole hydration failed, or one of the gateway's calls for part of it) is
      // about this order, whether or not the rest of it could be read.
      errors.push(...pathless.map((error) => located(error, responsePathAsArray(info.path))));
      return hydrated.data?.[info.path.key] ?? null;
    }
    // The deprecated fields' order shows the status the event announced.
    if (shape === 'order' && info.parentType.name === 'Order' && info.fieldName === 'status' && info.path.prev?.prev === undefined) return event.status;
    return (source as Record<string, unknown> | null)?.[info.path.key];
  };
  const result = executeSync({
    schema,
    document: presentation.document,
    operationName: presentation.operationName,
    variableValues: presentation.variables,
    rootValue,
    fieldResolver: resolve,
    typeResolver: (value) => (value as { __typename?: string }).__typename,
  });
  errors.push(...(result.errors ?? []).map((error) => error.toJSON()));
  return JSON.stringify({ data: result.data ?? null, ...(errors.length ? { errors } : {}), ...resumeExtensions(shape, event) });
}

/**
 * The deprecated fields' results are the order itself, which says nothing of the change: where to resume from
 * comes beside the data (`afterSequence` for `orderStatusChanged`, `after` for `orderUpdates`).
 */
const resumeExtensions = (shape: OrderEventShape, event: OrderEvent) =>
  shape === 'order' ? { extensions: { sequence: event.sequence, cursor: cursorOf(event) } } : {};

const resolverFree = new WeakMap<GraphQLSchema, GraphQLSchema>();

/**
 * The API schema as its SDL alone, made once per schema. The gateway's own has resolvers on every field once the
 * server wrapped them for its plugins; those would read results by field name, where these are by response key.
 */
function withoutResolvers(schema: GraphQLSchema): GraphQLSchema {
  let rebuilt = resolverFree.get(schema);
  if (!rebuilt) resolverFree.set(schema, (rebuilt = buildASTSchema(parse(printSchema(schema)), { assumeValidSDL: true })));
  return rebuilt;
}

/** A gateway error moved to where it belongs in the subscriber's result. */
const located = (error: GraphQLFormattedError, path: ReadonlyArray<string | number>): GraphQLFormattedError => toGraphQLError({ ...error, path }).toJSON();

/**
 * The gateway refused the order as a whole (it is not the subscriber's, whatever the event said: a misrouted or
 * forged event): nothing of the event is theirs to see, so it is not sent. Any other failure is delivered.
 */
export function refusedAsAWhole(hydrated: HydratedOrder): boolean {
  return (hydrated.errors ?? []).some(
    (error) =>
      error.path?.length === 1 && ['FORBIDDEN', 'UNAUTHENTICATED'].includes(String(error.extensions?.code)) && hydrated.data?.[String(error.path[0])] == null,
  );
}
