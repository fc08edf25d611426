import { performance } from 'node:perf_hooks';
import { errors, Pool } from 'undici';
import { operationBody, type ShopOperation } from './operations';
import { errorCodes, type Exchange } from './outcome';

/** How long a shopper's app waits for an answer before it gives up (and the shopper sees an error). */
export const CLIENT_TIMEOUT_MS = 30_000;

const timeouts = [errors.HeadersTimeoutError, errors.BodyTimeoutError, errors.ConnectTimeoutError];

/**
 * A shopper's app talking to the router: keep-alive connections bound to the shopper's own loopback address
 * (so the router, trusting no proxy, sees one client per shopper), its token on every request.
 */
export class ShopClient {
  private readonly pool: Pool;
  private readonly path: string;

  constructor(
    routerUrl: string,
    localAddress: string,
    private readonly headers: Record<string, string>,
    timeoutMs = CLIENT_TIMEOUT_MS,
  ) {
    const url = new URL(routerUrl);
    this.path = url.pathname;
    // Two connections at most: one person's app rarely has more than a request or two in flight. The pool's own
    // localAddress: undici 7 overrides `connect.localAddress` with it (null unless given here).
    this.pool = new Pool(url.origin, { connections: 2, localAddress, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  }

  /** Sends one operation; whatever happens comes back as an Exchange (never throws). */
  async send(operation: ShopOperation, variables: Record<string, unknown>): Promise<Exchange> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    try {
      const response = await this.pool.request({
        path: this.path,
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.headers },
        body: operationBody(operation, variables),
      });
      const text = await response.body.text();
      let body: { data?: unknown; errors?: Array<{ extensions?: { code?: unknown } }> } = {};
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON (a proxy's or server's error page): no data, no codes
      }
      return {
        status: response.statusCode,
        retryAfter: response.headers['retry-after'] !== undefined,
        codes: errorCodes(body.errors),
        data: body.data,
        ms: elapsed(),
      };
    } catch (error) {
      return { status: 0, retryAfter: false, codes: [], failure: timeouts.some((type) => error instanceof type) ? 'timeout' : 'socket error', ms: elapsed() };
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
