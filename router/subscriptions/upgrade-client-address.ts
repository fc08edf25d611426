import type { IncomingMessage } from 'node:http';

/**
 * The client's address for a WebSocket upgrade, as Express's numeric "trust proxy" would compute it for an
 * HTTP request: `hops` proxies in front may each have appended to X-Forwarded-For.
 */
export function upgradeClientAddress(request: IncomingMessage, hops: number): string {
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
