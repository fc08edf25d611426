import { hmacSha256, sameSignature } from './hmac';

/**
 * One subgraph calling another as itself (e.g. orders reserving stock in the catalog), not on a customer's
 * behalf: `<service>.<unixSeconds>.<HMAC-SHA256(INTERNAL_SECRET, "<service>.<unixSeconds>")>`. Only holders of
 * INTERNAL_SECRET (the router and the subgraphs) can make one, and the router never forwards this header, so
 * a client cannot pass one through it.
 *
 * The signature covers who and when, not the request: within the accepted clock skew a captured header could
 * be replayed on the internal network, so what a service may call this way must be idempotent.
 */
export const SERVICE_CALLER_HEADER = 'x-flores-service';

/** How far the signed time may be from the receiver's clock, either way. */
export const SERVICE_CALLER_MAX_SKEW_SECONDS = 60;

// No dots: the header is split on them.
const SERVICE_NAME = /^[a-z][a-z0-9-]{0,39}$/;
const UNIX_SECONDS = /^\d{1,12}$/;

const signed = (service: string, seconds: string, secret: string) => hmacSha256(secret, `${service}.${seconds}`);

/** The header that makes this request come from `service`, signed now. */
export function serviceCallerHeaders(service: string, secret: string, now = Date.now()): Record<string, string> {
  if (!SERVICE_NAME.test(service)) throw new Error(`"${service}" is not a service name (lower-case letters, digits and dashes)`);
  const seconds = String(Math.floor(now / 1000));
  return { [SERVICE_CALLER_HEADER]: `${service}.${seconds}.${signed(service, seconds, secret)}` };
}

/** The calling service's name when the header is signed with `secret` and recent; null otherwise, or without a secret. */
export function verifiedServiceCaller(headers: Record<string, string | string[] | undefined>, secret: string | undefined, now = Date.now()): string | null {
  const value = headers[SERVICE_CALLER_HEADER];
  if (!secret || typeof value !== 'string') return null;
  const [service, seconds, signature, ...rest] = value.split('.');
  if (rest.length > 0 || signature === undefined || !SERVICE_NAME.test(service) || !UNIX_SECONDS.test(seconds)) return null;
  if (Math.abs(Number(seconds) - Math.floor(now / 1000)) > SERVICE_CALLER_MAX_SKEW_SECONDS) return null;
  return sameSignature(signed(service, seconds, secret), signature) ? service : null;
}
