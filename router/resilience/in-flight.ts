/**
 * Shares one pending call among identical calls made while it is in flight: the first starts it, the
 * others wait for its result (or its error). Nothing is kept once it settles, so this is no cache.
 */
export class InFlightCalls<T> {
  private readonly pending = new Map<string, Promise<T>>();

  share(key: string, call: () => Promise<T>): Promise<T> {
    const existing = this.pending.get(key);
    if (existing) return existing;
    const started = call().finally(() => this.pending.delete(key));
    this.pending.set(key, started);
    return started;
  }

  get size(): number {
    return this.pending.size;
  }
}

// The request id differs on every incoming request; two calls alike in all else have the same answer.
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
