import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { productionError } from './production-errors';

/** Stable codes clients can switch on; messages are for people. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  /** Refused for now (e.g. too many failed sign-ins); `retryAfterSeconds` says when to try again. */
  | 'TOO_MANY_ATTEMPTS'
  /** The feature is switched off in this deployment (e.g. Google sign-in without GOOGLE_CLIENT_ID). */
  | 'NOT_CONFIGURED'
  /** Not enough stock for the change; `available` says how many units there are. */
  | 'OUT_OF_STOCK'
  /** The product exists but is not sold any more (archived), so it cannot be reserved or ordered; `productId` names it. */
  | 'PRODUCT_UNAVAILABLE'
  /** Checkout of a cart that has no lines (or no cart at all). */
  | 'EMPTY_CART'
  /**
   * The checkout took longer than its stock may be held (ORDERS_RESERVATION_TIMEOUT_SECONDS): its reservation was
   * given up and is being released, and no order was written. Sending the same checkout again (same idempotencyKey)
   * is safe; `retryAfterSeconds` says when.
   */
  | 'CHECKOUT_EXPIRED'
  /** The address's comuna (its city) is not a delivery zone the shop serves; `comuna` names it. */
  | 'DELIVERY_ZONE_NOT_SERVED'
  /** The delivery window's cut-off has passed (shop time); `cutOffAt` says when it closed. */
  | 'DELIVERY_SLOT_CLOSED'
  /** The delivery window is fully booked in that zone; `deliverySlots` shows what is left. */
  | 'DELIVERY_SLOT_FULL'
  /** A ticket can only be assigned to a STAFF or ADMIN account; `assigneeId` names the one given (a customer's, or no account at all). */
  | 'ASSIGNEE_NOT_STAFF'
  /** The object's status does not allow this change (e.g. a CLOSED ticket cannot move); `currentStatus` says where it is, `allowed` what can follow. */
  | 'INVALID_TRANSITION'
  /** Refused by the router before any subgraph is called; `value` and `limit` say by how much. */
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'QUERY_TOO_COSTLY'
  /** The document has more lexical tokens than the router parses (HTTP 400; `limit`); refused before it is validated. */
  | 'DOCUMENT_TOO_LARGE'
  /** The document writes more fields and fragments than the router validates (HTTP 400; `value`, `limit`). */
  | 'TOO_MANY_SELECTIONS'
  /** A graphql-ws connection already holds as many subscriptions as the router allows (`limit`); end one first. */
  | 'TOO_MANY_SUBSCRIPTIONS'
  /** More operations in one batched HTTP request than the router accepts (`length`, `limit`). */
  | 'BATCH_TOO_LARGE'
  /** The request body is larger than the router accepts (HTTP 413; `limit` in bytes). */
  | 'PAYLOAD_TOO_LARGE'
  /** The request body is not JSON the server can read (HTTP 400). */
  | 'BAD_REQUEST'
  /** The request's JSON (variables, extensions, batch) nests deeper than the services accept (HTTP 400; `limit` in levels). */
  | 'INPUT_TOO_DEEP'
  /** A subgraph did not answer (down, timed out, HTTP 5xx, or its circuit breaker is open); `serviceName` names it. Its fields are null. */
  | 'SUBGRAPH_UNAVAILABLE'
  /**
   * The router shed the call: the subgraph (`serviceName`) has as much work in flight as it may, and browsing is
   * refused before cart changes and checkouts. Nothing was sent; HTTP 503 with Retry-After (`retryAfterSeconds`).
   */
  | 'SUBGRAPH_BUSY'
  /**
   * The router refused the operation: it is running as many as it admits, and queries are refused before cart
   * changes and checkouts. Nothing ran; HTTP 503 with Retry-After (`retryAfterSeconds`).
   */
  | 'ROUTER_BUSY'
  /**
   * A subgraph could not do what was asked because another service it needs did not answer (down, timed out,
   * failing), so it changed nothing; `service` names that service (e.g. contact checking an assignee with auth). Try again later.
   */
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** An expected failure: typed by its code, safe to show to the caller. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export const notFound = (what: string, id: string) => new DomainError('NOT_FOUND', `${what} ${id} was not found`, { id });

/**
 * In production, anything that is not a typed error (a driver error, a bug) is reported as a bare internal
 * error, since its message could carry SQL, hostnames or stack details; typed ones lose suggestions and
 * debugging extensions (runtime/production-errors.ts). Outside production everything is shown.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, _error: unknown): GraphQLFormattedError => (production ? productionError(formatted) : formatted);
}
