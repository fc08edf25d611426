import { performance } from 'node:perf_hooks';

interface PendingCall<T> {
  result: Promise<T>;
  /** performance.now() when the call was sent. */
  startedAt: number;
}

/**
 * Shares one pending call among identical calls made while it is in flight: the first starts it, the
 * others wait for its result (or its error). Nothing is kept once it settles, so this is no cache.
 *
 * A request only joins a call that started at or after the request arrived (`notBefore`): a call sent
 * earlier may have read the data before the request's own write landed, and its answer would be older
 * than what the request must see (read-your-writes). Such a request starts a call of its own, which later
 * arrivals join.
 */
export class InFlightCalls<T> {
  private readonly pending = new Map<string, PendingCall<T>>();

  share(key: string, call: () => Promise<T>, notBefore: number = -Infinity): Promise<T> {
    const existing = this.pending.get(key);
    if (existing && existing.startedAt >= notBefore) return existing.result;
    const pendingCall: PendingCall<T> = { startedAt: performance.now(), result: undefined as unknown as Promise<T> };
    pendingCall.result = call().finally(() => {
      // A newer call under the same key may have replaced this one.
      if (this.pending.get(key) === pendingCall) this.pending.delete(key);
    });
    this.pending.set(key, pendingCall);
    return pendingCall.result;
  }

  get size(): number {
    return this.pending.size;
  }
}

// The request id and arrival time differ on every incoming request; two calls alike in all else have the same answer.
const UNSHARED_HEADERS = new Set(['x-request-id']);

/** What makes two subgraph calls the same call: URL, body, and every forwarded header (the caller's token above all). */
export function callKey(url: string, body: string | Buffer | undefined, headers: Record<string, string>): string {
  const names = Object.keys(headers)
    .filter((name) => !UNSHARED_HEADERS.has(name.toLowerCase()))
    .sort();
  let key = `${url}\n${body?.toString() ?? ''}`;
  for (const name of names) key += `\n${name.toLowerCase()}:${headers[name]}`;
  return key;
}
