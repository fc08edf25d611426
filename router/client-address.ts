import type { IncomingMessage } from 'node:http';

/**
 * The client's address as Express's numeric "trust proxy" computes `req.ip`: `hops` proxies in front may each have
 * appended to X-Forwarded-For. For what Express does not see (a WebSocket upgrade, the fast path and the direct
 * pipeline before it), so that every path counts and forwards one client under one address (client-address.spec.ts
 * holds it to Express's own answer).
 */
export function clientAddressBehind(request: IncomingMessage, hops: number): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (hops === 0) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  const chain = [peer, ...forwarded.reverse()];
  return chain[Math.min(hops, chain.length - 1)];
}
