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

/**
 * An event's order as the gateway shows it to a subscriber: `data` as the hydration query answered it (the order
 * under each key it was selected as), errors with paths from there (e.g. a subgraph that failed). Data is null
 * when the query failed as a whole.
 */
export interface HydratedOrder {
  data: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/** Nothing to read: an OrderStatusChange that selects nothing of its order. */
export const NOTHING_TO_HYDRATE: HydratedOrder = { data: {} };

/**
 * Reads the order of an event as the subscriber selected it, as the gateway shows it to them now, with any
 * field of any subgraph. What could not be read comes back as errors (the event is delivered all the same).
 */
export function orderHydrator(query: GatewayQuery, principal: Principal, subscription: OrderSubscription) {
  const { hydrationQuery } = subscription;
  return async (orderId: string): Promise<HydratedOrder> => {
    if (hydrationQuery === null) return NOTHING_TO_HYDRATE;
    const result = await query(principal, hydrationQuery, { ...subscription.selectionVariables, [subscription.orderIdVariable]: orderId });
    const data = result.data ?? null;
    return result.errors?.length ? { data, errors: result.errors } : { data };
  };
}

/** A hydration that threw (the router stopping, a bug): the event still goes out, its order reported unreadable. */
export const unreadableOrder = (): HydratedOrder => ({
  data: null,
  errors: [{ message: 'The order could not be read for this event; query it to see it', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
});

/** Refusals go to graphql-ws as GraphQLError instances; the gateway answers with formatted ones. */
export function toGraphQLError(error: GraphQLFormattedError, keepCodes?: string[]): GraphQLError {
  const code = error.extensions?.code;
  const extensions = keepCodes && !keepCodes.includes(String(code)) ? { ...error.extensions, code: 'INTERNAL_SERVER_ERROR' } : error.extensions;
  return new GraphQLError(error.message, { path: error.path, extensions });
}
