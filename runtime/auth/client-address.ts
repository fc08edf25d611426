import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The caller's network address as the router saw it, passed to subgraphs with an HMAC only the router
 * (holder of INTERNAL_SECRET) can make: a client sending these headers itself gets them ignored.
 */
export const CLIENT_ADDRESS_HEADER = 'x-client-address';
export const CLIENT_ADDRESS_SIGNATURE_HEADER = 'x-client-address-signature';

export function signClientAddress(address: string, secret: string): string {
  return createHmac('sha256', secret).update(address).digest('base64url');
}

/** The forwarded address when its signature checks out; otherwise the address of the peer that connected. */
export function trustedClientAddress(
  headers: Record<string, string | string[] | undefined>,
  peerAddress: string | undefined,
  secret: string | undefined,
): string {
  const address = headers[CLIENT_ADDRESS_HEADER];
  const signature = headers[CLIENT_ADDRESS_SIGNATURE_HEADER];
  if (secret && typeof address === 'string' && typeof signature === 'string') {
    const expected = Buffer.from(signClientAddress(address, secret));
    const given = Buffer.from(signature);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return address;
  }
  return peerAddress ?? 'unknown';
}
