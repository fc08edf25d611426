import { GraphQLError, type FormattedExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { OrderSubscription } from './order-subscription';
import type { OrderOwnerLookup } from './subscription-access';
import type { Principal } from './subscriber';

/** Runs a query through the router's own gateway as this principal (their token goes to every subgraph). */
export type GatewayQuery = (principal: Principal, query: string, variables: Record<string, unknown>) => Promise<FormattedExecutionResult>;

const OWNER = 'query OrderSubscriptionOwner($id: ID!) { order(id: $id) { id user { id } } }';

/** Asks the gateway, as the subscriber, whose order this is: the orders subgraph's own rules decide. */
export function ownerLookup(query: GatewayQuery, principal: Principal): OrderOwnerLookup {
  return async (orderId) => {
    const result = await query(principal, OWNER, { id: orderId });
    const refusal = result.errors?.[0];
    if (refusal) return { error: toGraphQLError(refusal, ['FORBIDDEN', 'UNAUTHENTICATED', 'NOT_FOUND']) };
    const order = (result.data as { order: { user: { id: string } } | null } | undefined)?.order;
    return { ownerId: order?.user.id ?? null };
  };
}

/** An order as the gateway shows it to a subscriber: its data, and errors with paths from `order` (e.g. a subgraph that failed). */
export interface HydratedOrder {
  order: unknown;
  errors?: readonly GraphQLFormattedError[];
}

/**
 * Reads the order of an event as the subscriber selected it, as the gateway shows it to them now, with any
 * field of any subgraph. Null (nothing sent) when the order is gone or no longer theirs to see.
 */
export function orderHydrator(query: GatewayQuery, principal: Principal, subscription: OrderSubscription) {
  return async (orderId: string): Promise<HydratedOrder | null> => {
    const result = await query(principal, subscription.hydrationQuery, { ...subscription.selectionVariables, [subscription.orderIdVariable]: orderId });
    const order = (result.data as { order?: unknown } | null | undefined)?.order;
    if (order === null || order === undefined) return null;
    return result.errors?.length ? { order, errors: result.errors } : { order };
  };
}

/**
 * The subscriber's result as the JSON of a graphql-ws `next` payload: the order under their response key, errors
 * pointing into it. Made once per hydration and response key, and sent as is to every subscriber sharing them.
 */
export function nextPayload(hydrated: HydratedOrder, responseKey: string): string {
  const errors = hydrated.errors?.map((error) => toGraphQLError({ ...error, path: error.path && [responseKey, ...error.path.slice(1)] }).toJSON());
  return JSON.stringify({ data: { [responseKey]: hydrated.order }, ...(errors?.length ? { errors } : {}) });
}

/** Refusals go to graphql-ws as GraphQLError instances; the gateway answers with formatted ones. */
function toGraphQLError(error: GraphQLFormattedError, keepCodes?: string[]): GraphQLError {
  const code = error.extensions?.code;
  const extensions = keepCodes && !keepCodes.includes(String(code)) ? { ...error.extensions, code: 'INTERNAL_SERVER_ERROR' } : error.extensions;
  return new GraphQLError(error.message, { path: error.path, extensions });
}
