import { STATUS_CODES } from 'node:http';
import type { FetcherResponse } from '@apollo/utils.fetcher';

/**
 * A subgraph's answer, read in full: what the gateway's data source reads as a fetch Response. The body is
 * kept as text, so calls that shared one HTTP call (see in-flight.ts) each parse their own copy and the
 * gateway can merge it into its result without touching another request's objects.
 */
export class SubgraphResponse implements FetcherResponse {
  readonly bodyUsed = false;
  readonly redirected = false;
  readonly ok: boolean;
  readonly statusText: string;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly headers: Headers,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.statusText = STATUS_CODES[status] ?? '';
  }

  async text(): Promise<string> {
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.body) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = Buffer.from(this.body);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  }

  clone(): SubgraphResponse {
    return new SubgraphResponse(this.url, this.status, new Headers(this.headers), this.body);
  }
}
