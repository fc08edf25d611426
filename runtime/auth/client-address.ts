import { hmacSha256, sameSignature } from './hmac';

/**
 * The caller's network address as the router saw it, passed to subgraphs with an HMAC only the router
 * (holder of INTERNAL_SECRET) can make: a client sending these headers itself gets them ignored.
 */
export const CLIENT_ADDRESS_HEADER = 'x-client-address';
export const CLIENT_ADDRESS_SIGNATURE_HEADER = 'x-client-address-signature';

export function signClientAddress(address: string, secret: string): string {
  return hmacSha256(secret, address);
}

/** The forwarded address when its signature checks out; otherwise the address of the peer that connected. */
export function trustedClientAddress(
  headers: Record<string, string | string[] | undefined>,
  peerAddress: string | undefined,
  secret: string | undefined,
): string {
  const address = headers[CLIENT_ADDRESS_HEADER];
  const signature = headers[CLIENT_ADDRESS_SIGNATURE_HEADER];
  if (secret && typeof address === 'string' && typeof signature === 'string' && sameSignature(signClientAddress(address, secret), signature)) {
    return address;
  }
  return peerAddress ?? 'unknown';
}
