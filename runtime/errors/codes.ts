/**
 * Every `extensions.code` a client may meet, with the extensions it carries: the one list. `ErrorCode` and the
 * typed DomainError are read from it, and so is the README's table for client developers (`ERROR_CODES`,
 * rendered by ./codes-table.ts), so a code cannot be added to one and missed in the other.
 */
export interface ErrorExtensions {
  BAD_USER_INPUT: { field?: string; reason?: string; missing?: string[]; maxItems?: number };
  NOT_FOUND: { id?: string; field?: string; productId?: string };
  CONFLICT: { field?: string; id?: string; productId?: string; reason?: string; max?: number };
  UNAUTHENTICATED: { field?: string; reason?: string };
  FORBIDDEN: Record<never, never>;
  TOO_MANY_ATTEMPTS: { retryAfterSeconds: number; limit?: number };
  NOT_CONFIGURED: Record<never, never>;
  OUT_OF_STOCK: { available: number; field?: string; productId?: string; quantityInCart?: number };
  PRODUCT_UNAVAILABLE: { productId: string; field?: string };
  EMPTY_CART: { field?: string };
  CHECKOUT_EXPIRED: { retryAfterSeconds: number };
  DELIVERY_ZONE_NOT_SERVED: { comuna: string; field?: string };
  DELIVERY_SLOT_CLOSED: { cutOffAt: string; field?: string };
  DELIVERY_SLOT_FULL: { date: string; window: string; field?: string };
  ASSIGNEE_NOT_STAFF: { assigneeId: string; field?: string };
  INVALID_TRANSITION: { id?: string; currentStatus: string; requested: string; allowed: string[]; from: string; to: string; field?: string };
  QUERY_TOO_DEEP: { value: number; limit: number };
  TOO_MANY_ALIASES: { value: number; limit: number };
  QUERY_TOO_COSTLY: { value: number; limit: number };
  DOCUMENT_TOO_LARGE: { limit: number };
  TOO_MANY_SELECTIONS: { value: number; limit: number };
  TOO_MANY_SUBSCRIPTIONS: { limit: number };
  RESUME_WINDOW_EXCEEDED: { limit: number; field: string };
  BATCH_TOO_LARGE: { value: number; limit: number };
  PAYLOAD_TOO_LARGE: { value?: number; limit?: number };
  BAD_REQUEST: Record<never, never>;
  INPUT_TOO_DEEP: { limit: number };
  GRAPHQL_PARSE_FAILED: Record<never, never>;
  GRAPHQL_VALIDATION_FAILED: Record<never, never>;
  PERSISTED_QUERY_NOT_FOUND: Record<never, never>;
  SUBGRAPH_UNAVAILABLE: { serviceName: string };
  SUBGRAPH_BUSY: { serviceName: string; retryAfterSeconds: number };
  ROUTER_BUSY: { retryAfterSeconds: number };
  SERVICE_UNAVAILABLE: { service?: string };
  INTERNAL_SERVER_ERROR: { serviceName?: string };
}

/** Stable codes clients can switch on; messages are for people. */
export type ErrorCode = keyof ErrorExtensions;

interface CodeDoc<C extends ErrorCode> {
  /** What it means to a client, and what to do about it. */
  meaning: string;
  /** Each extension it carries (besides `code`, and `requestId` on the router's answers), in words. */
  extensions: { [K in keyof ErrorExtensions[C]]-?: string };
  /** The HTTP status the router answers with; absent: 200, as GraphQL errors are (the data beside them is partial). */
  status?: number;
  /** Only ever sent over graphql-ws (a subscription's error), where there is no status. */
  webSocketOnly?: true;
}

const STATUS_BAD_REQUEST = 400;
const LIMIT = 'the limit';
const VALUE_AND_LIMIT = { value: 'what the operation measured', limit: LIMIT };
const RETRY = 'whole seconds to wait before trying again (also the `Retry-After` header where there is a status)';

/** Each code in words, for the README: the compiler holds it to `ErrorExtensions`, key for key. */
export const ERROR_CODES: { [C in ErrorCode]: CodeDoc<C> } = {
  BAD_USER_INPUT: {
    meaning: 'An argument is not valid (HTTP 400 when the router or a service refuses it before any resolver runs); fix it before sending again.',
    extensions: {
      field: 'the argument or input field at fault',
      reason: 'a finer code (e.g. `RESET_TOKEN_EXPIRED`)',
      missing: 'the password rules not met',
      maxItems: 'the most a wishlist holds',
    },
  },
  NOT_FOUND: {
    meaning: 'No such object, or not one the caller may see.',
    extensions: { id: 'the id asked for', field: 'the argument that named it', productId: 'the product not found' },
  },
  CONFLICT: {
    meaning: 'The change clashes with the current state (a taken slug or email, an object changed meanwhile); read again and retry.',
    extensions: {
      field: 'the argument at fault',
      id: 'the object that changed',
      productId: 'the product whose stock is changing',
      reason: 'a finer code (e.g. `LAST_ADMIN`)',
      max: 'the most allowed',
    },
  },
  UNAUTHENTICATED: {
    meaning: 'Sign in, or sign in again: no token, or one that is not valid (HTTP 401 with `WWW-Authenticate: Bearer` for an invalid token).',
    extensions: { field: 'the argument at fault (a Google ID token)', reason: 'a finer code (e.g. `REFRESH_TOKEN_EXPIRED`)' },
  },
  FORBIDDEN: { meaning: 'Signed in, but not allowed to do this.', extensions: {} },
  TOO_MANY_ATTEMPTS: {
    meaning: 'Refused for now: past the rate limit, or too many failed sign-ins or contact messages.',
    extensions: { retryAfterSeconds: RETRY, limit: "the router's limit, operations a minute" },
    status: 429,
  },
  NOT_CONFIGURED: { meaning: 'The feature is switched off in this deployment (e.g. Google sign-in without GOOGLE_CLIENT_ID).', extensions: {} },
  OUT_OF_STOCK: {
    meaning: 'Not enough stock for the change.',
    extensions: {
      available: 'how many units there are',
      field: 'the argument at fault',
      productId: 'the product',
      quantityInCart: 'how many the cart holds already',
    },
  },
  PRODUCT_UNAVAILABLE: {
    meaning: 'The product exists but is not sold any more (archived), so it cannot be reserved or ordered.',
    extensions: { productId: 'the product', field: 'the argument that named it' },
  },
  EMPTY_CART: { meaning: 'Checkout of a cart that has no lines (or no cart at all).', extensions: { field: 'the argument at fault' } },
  CHECKOUT_EXPIRED: {
    meaning:
      'The checkout took longer than its stock may be held (ORDERS_RESERVATION_TIMEOUT_SECONDS), or could not be written before the router stops waiting for it (a busy shop): its reservation was given up and no order was written. Sending the same checkout again (same idempotencyKey) is safe.',
    extensions: { retryAfterSeconds: RETRY },
  },
  DELIVERY_ZONE_NOT_SERVED: {
    meaning: "The shop does not deliver to the address's comuna (its city); `deliverySlots` answers the same for a comuna not served.",
    extensions: { comuna: 'the comuna asked for', field: 'the argument at fault' },
  },
  DELIVERY_SLOT_CLOSED: {
    meaning: "The delivery window's cut-off (shop time, SHOP_TIME_ZONE) has passed; choose a later one (`deliverySlots` lists them).",
    extensions: { cutOffAt: 'when the window closed for booking (ISO 8601)', field: 'the argument at fault' },
  },
  DELIVERY_SLOT_FULL: {
    meaning: 'The delivery window is fully booked in that comuna; choose another (`deliverySlots` shows the places left).',
    extensions: { date: 'the delivery date', window: 'the delivery window', field: 'the argument at fault' },
  },
  ASSIGNEE_NOT_STAFF: {
    meaning: 'A ticket can only be assigned to a STAFF or ADMIN account.',
    extensions: { assigneeId: 'the account given', field: 'the argument at fault' },
  },
  INVALID_TRANSITION: {
    meaning: "The object's status does not allow this change (an order, a ticket, a review); nothing changed.",
    extensions: {
      id: 'the object',
      currentStatus: 'its status now',
      requested: 'the status the change asked for',
      allowed: 'the statuses this caller may move it to now (may be empty)',
      from: 'the same as `currentStatus` (the name tickets used first)',
      to: 'the same as `requested` (the name tickets used first)',
      field: 'the argument that asked for it, when one did (`status`)',
    },
  },
  QUERY_TOO_DEEP: {
    meaning: 'The operation nests fields deeper than the router runs; refused before any subgraph is called.',
    extensions: VALUE_AND_LIMIT,
    status: STATUS_BAD_REQUEST,
  },
  TOO_MANY_ALIASES: { meaning: 'The operation uses more aliases than the router runs.', extensions: VALUE_AND_LIMIT, status: STATUS_BAD_REQUEST },
  QUERY_TOO_COSTLY: {
    meaning: 'The operation costs more than the router runs (each field 1, lists multiplied by their size).',
    extensions: VALUE_AND_LIMIT,
    status: STATUS_BAD_REQUEST,
  },
  DOCUMENT_TOO_LARGE: {
    meaning: 'The document has more lexical tokens than the router parses; refused before it is validated.',
    extensions: { limit: 'the most tokens' },
    status: STATUS_BAD_REQUEST,
  },
  TOO_MANY_SELECTIONS: {
    meaning: 'The document writes more fields and fragments than the router validates.',
    extensions: { value: 'selections written', limit: LIMIT },
    status: STATUS_BAD_REQUEST,
  },
  TOO_MANY_SUBSCRIPTIONS: {
    meaning: 'A graphql-ws connection already holds as many subscriptions as the router allows; end one first.',
    extensions: { limit: LIMIT },
    webSocketOnly: true,
  },
  RESUME_WINDOW_EXCEEDED: {
    meaning:
      'A subscription resumed (`afterSequence`, `after`) from further back than the router replays: more changes were missed than its limit. Query what is needed now (`orders`, `order`) and subscribe again without resuming.',
    extensions: { limit: 'the most changes a resume replays', field: 'the argument it resumed with' },
    webSocketOnly: true,
  },
  BATCH_TOO_LARGE: {
    meaning: 'More operations in one batched HTTP request than the router accepts.',
    extensions: { value: 'operations in the batch', limit: LIMIT },
    status: STATUS_BAD_REQUEST,
  },
  PAYLOAD_TOO_LARGE: {
    meaning: 'The request body is larger than the router accepts.',
    extensions: { value: 'its size in bytes', limit: 'the limit in bytes' },
    status: 413,
  },
  BAD_REQUEST: {
    meaning: 'The request is not one the server can run (its body is not JSON, a query over WebSocket, a bad persisted query).',
    extensions: {},
    status: STATUS_BAD_REQUEST,
  },
  INPUT_TOO_DEEP: {
    meaning: "The request's JSON (variables, extensions, batch) nests deeper than the services accept.",
    extensions: { limit: 'the most levels' },
    status: STATUS_BAD_REQUEST,
  },
  GRAPHQL_PARSE_FAILED: { meaning: 'The document is not GraphQL (set by Apollo Server).', extensions: {}, status: STATUS_BAD_REQUEST },
  GRAPHQL_VALIDATION_FAILED: {
    meaning: 'The document does not fit the schema (set by Apollo Server; in production without suggestions).',
    extensions: {},
    status: STATUS_BAD_REQUEST,
  },
  PERSISTED_QUERY_NOT_FOUND: {
    meaning: 'The router does not know this persisted query hash: send it again with the query (set by Apollo Server).',
    extensions: {},
  },
  SUBGRAPH_UNAVAILABLE: {
    meaning: "A subgraph did not answer (down, timed out, HTTP 5xx, or its circuit breaker is open); its fields are null, the others' are served.",
    extensions: { serviceName: 'the subgraph' },
  },
  SUBGRAPH_BUSY: {
    meaning:
      'The router shed the call: the subgraph has as much work in flight as it may, and browsing is refused before cart changes and checkouts. Nothing was sent.',
    extensions: { serviceName: 'the subgraph', retryAfterSeconds: RETRY },
    status: 503,
  },
  ROUTER_BUSY: {
    meaning: 'The router refused the operation: it is running as many as it admits, and queries are refused before cart changes and checkouts. Nothing ran.',
    extensions: { retryAfterSeconds: RETRY },
    status: 503,
  },
  SERVICE_UNAVAILABLE: {
    meaning:
      'A service could not do what was asked because another one it needs did not answer (down, timed out, failing), so it changed nothing. Try again later (HTTP 503 with Retry-After when signed-in requests cannot be checked).',
    extensions: { service: 'the service that did not answer (e.g. `auth`, `catalog`, `redis`)' },
  },
  INTERNAL_SERVER_ERROR: {
    meaning:
      'A failure of the server (HTTP 500 when the request failed outside GraphQL); in production its message tells nothing more. Report it with the `requestId`.',
    extensions: { serviceName: 'the subgraph it came from, when the router knows it' },
  },
};
