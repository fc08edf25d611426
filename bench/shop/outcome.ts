// What became of one request, as the shopper's app would see it.

/** One request and its answer (or the lack of one). */
export interface Exchange {
  /** HTTP status; 0 when no answer came. */
  status: number;
  /** Whether the answer carried a Retry-After header. */
  retryAfter: boolean;
  /** The distinct `extensions.code`s of the answer's GraphQL errors (`NO_CODE` for an error without one). */
  codes: string[];
  /** No HTTP answer: the connection failed, or the client gave up waiting. */
  failure?: 'socket error' | 'timeout';
  ms: number;
  data?: any;
}

/** Codes that say the shop could not do it now, as opposed to a refusal of the request itself (OUT_OF_STOCK…). */
export const capacityCodes = [
  'SUBGRAPH_UNAVAILABLE',
  'SUBGRAPH_BUSY',
  'ROUTER_BUSY',
  'SERVICE_UNAVAILABLE',
  'CHECKOUT_EXPIRED',
  'TOO_MANY_ATTEMPTS',
  'INTERNAL_SERVER_ERROR',
];

export interface Outcome {
  /** `ok`, `GraphQL errors`, `HTTP 503 with Retry-After`, `HTTP 500`, `socket error`, `timeout`… */
  label: string;
  /** Turned away by load shedding or a rate limit: HTTP 429 or 503. */
  refused: boolean;
  /** Failed because of the shop's capacity: refused, no answer, a 5xx, or a capacity code. */
  capacityFailure: boolean;
}

export function outcomeOf(exchange: Exchange): Outcome {
  if (exchange.failure) return { label: exchange.failure, refused: false, capacityFailure: true };
  if (exchange.status === 429 || exchange.status === 503) {
    return { label: `HTTP ${exchange.status} ${exchange.retryAfter ? 'with' : 'without'} Retry-After`, refused: true, capacityFailure: true };
  }
  const capacityCode = exchange.codes.some((code) => capacityCodes.includes(code));
  if (exchange.status < 200 || exchange.status >= 300)
    return { label: `HTTP ${exchange.status}`, refused: false, capacityFailure: exchange.status >= 500 || capacityCode };
  if (exchange.codes.length > 0) return { label: 'GraphQL errors', refused: false, capacityFailure: capacityCode };
  return { label: 'ok', refused: false, capacityFailure: false };
}

/** The distinct codes of a GraphQL answer's errors. */
export const errorCodes = (errors: Array<{ extensions?: { code?: unknown } }> | undefined): string[] => [
  ...new Set((errors ?? []).map((error) => (typeof error.extensions?.code === 'string' ? error.extensions.code : 'NO_CODE'))),
];
