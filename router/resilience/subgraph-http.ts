import { Agent } from 'undici';
import { SubgraphResponse } from './subgraph-response';

export interface SubgraphRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

/**
 * One pool of keep-alive connections per subgraph origin, shared by every call: no TCP handshake per
 * call. undici's Agent rather than the gateway's default (make-fetch-happen), which adds cache and retry
 * layers the router does not use to every call.
 */
export function subgraphAgent(keepAliveMs: number): Agent {
  return new Agent({ keepAliveTimeout: keepAliveMs, keepAliveMaxTimeout: keepAliveMs });
}

// A subgraph's URL is parsed once, not on every call.
const targets = new Map<string, { origin: string; path: string }>();
function targetOf(url: string): { origin: string; path: string } {
  let target = targets.get(url);
  if (!target) {
    const parsed = new URL(url);
    target = { origin: parsed.origin, path: parsed.pathname + parsed.search };
    targets.set(url, target);
  }
  return target;
}

/** Sends one request over the pool and reads the whole answer; `signal` cuts it short (the timeout). */
export async function sendToSubgraph(agent: Agent, request: SubgraphRequest, signal: AbortSignal): Promise<SubgraphResponse> {
  const target = targetOf(request.url);
  const response = await agent.request({
    origin: target.origin,
    path: target.path,
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal,
  });
  const body = await response.body.text();
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return new SubgraphResponse(request.url, response.statusCode, headers, body);
}
