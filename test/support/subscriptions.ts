import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { metricValue } from './metrics';

export interface Received {
  results: Array<{ data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; extensions?: any }>;
  /** The subscription's error (a refusal) when it ended with one. */
  error?: Array<{ message: string; extensions?: Record<string, unknown> }> | Error;
  completed: boolean;
  /** Resolves with the results once `count` arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<Received['results']>;
  /** Resolves once the results so far satisfy `condition`; rejects after `timeoutMs`. */
  waitUntil(condition: (results: Received['results']) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves once the subscription errored or completed. */
  ended(timeoutMs?: number): Promise<void>;
  unsubscribe(): void;
}

/** A graphql-ws client to the router, as a browser app would open it (the token in connectionParams). */
export function subscriptionClient(routerUrl: string, authorization?: string): Client {
  return createClient({
    url: routerUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/**
 * A graphql-ws client whose socket comes "from" `address` (as a trusted proxy would forward it), opened at once;
 * resolves once it is connected or closed, with how it ended and its close event (a refusal's code and reason).
 */
export async function subscriptionClientFrom(routerUrl: string, address: string, authorization: string) {
  let closed: { code: number; reason: string } | undefined;
  const client = createClient({
    url: routerUrl.replace(/^http/, 'ws'),
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { 'x-forwarded-for': address } });
      }
    },
    connectionParams: { authorization },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {}, // a refusal is read from the close event
    on: { closed: (event) => void (closed ??= event as { code: number; reason: string }) },
  });
  const outcome = await new Promise<'connected' | 'closed'>((resolve) => {
    client.on('connected', () => resolve('connected'));
    client.on('closed', () => resolve('closed'));
  });
  return { client, outcome, closed: () => closed };
}

/** Subscribes and records what arrives. */
export function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}): Received {
  const received: Received = {
    results: [],
    completed: false,
    waitFor: (count, timeoutMs = 10_000) =>
      until(
        () => received.results.length >= count,
        timeoutMs,
        () => `${received.results.length} of ${count} results; error ${JSON.stringify(received.error)}`,
      ).then(() => received.results),
    waitUntil: (condition, timeoutMs = 10_000) =>
      until(
        () => condition(received.results),
        timeoutMs,
        () => `results so far: ${JSON.stringify(received.results)}`,
      ),
    ended: (timeoutMs = 10_000) =>
      until(
        () => received.completed || received.error !== undefined,
        timeoutMs,
        () => 'the subscription did not end',
      ),
    unsubscribe: () => {},
  };
  received.unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (result) => void received.results.push(result as Received['results'][number]),
      // A refusal is a list of GraphQL errors; a closed socket (e.g. 4403 Forbidden) a close event.
      error: (error) => void (received.error = Array.isArray(error) ? error : error instanceof Error ? error : closeError(error)),
      complete: () => void (received.completed = true),
    },
  );
  return received;
}

const closeError = (event: unknown) => {
  const { code, reason } = event as { code?: number; reason?: string };
  return new Error(`closed ${code}: ${reason}`);
};

/** The codes of a refused subscription. */
export const refusalCodes = (received: Received) =>
  Array.isArray(received.error) ? received.error.map((error) => error.extensions?.code) : [String(received.error)];

async function until(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Subscriptions a router has open, from its /metrics. */
export async function openSubscriptions(routerMetricsUrl: string): Promise<number> {
  return (await metricValue(routerMetricsUrl, 'router_subscriptions_open')) ?? 0;
}

/** Waits until the router counts at least `count` open subscriptions (subscribing is asynchronous). */
export async function untilSubscriptionsOpen(routerMetricsUrl: string, count: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await openSubscriptions(routerMetricsUrl);
    if (open >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${open} subscriptions open`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
