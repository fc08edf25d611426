import { hmacSha256, sameSignature } from './hmac';

/**
 * The caller's network address as the router saw it, passed to subgraphs with an HMAC only the router
 * (holder of INTERNAL_SECRET) can make: a client sending these headers itself gets them ignored.
 */
export const CLIENT_ADDRESS_HEADER = 'x-client-address';
export const CLIENT_ADDRESS_SIGNATURE_HEADER = 'x-client-address-signature';

/**
 * Addresses whose signature is remembered: a router signs the same clients' addresses on every subgraph call. Only
 * for signing: a subgraph checks a signature it was given afresh, so how fast it answers says nothing of which
 * addresses it saw before.
 */
const SIGNATURES_REMEMBERED = 4_096;
const signatures = new Map<string, string>();
/** The secret the remembered signatures were made with (one per process; a test may use several). */
let signedWith: string | undefined;

export function signClientAddress(address: string, secret: string): string {
  if (secret !== signedWith) {
    signatures.clear();
    signedWith = secret;
  }
  let signature = signatures.get(address);
  if (signature === undefined) {
    signature = hmacSha256(secret, address);
    // Many new addresses at once (a crowd, or one client cycling addresses) only start the memory afresh.
    if (signatures.size >= SIGNATURES_REMEMBERED) signatures.clear();
    signatures.set(address, signature);
  }
  return signature;
}

/** The forwarded address when its signature checks out; otherwise the address of the peer that connected. */
export function trustedClientAddress(
  headers: Record<string, string | string[] | undefined>,
  peerAddress: string | undefined,
  secret: string | undefined,
): string {
  const address = headers[CLIENT_ADDRESS_HEADER];
  const signature = headers[CLIENT_ADDRESS_SIGNATURE_HEADER];
  if (secret && typeof address === 'string' && typeof signature === 'string' && sameSignature(hmacSha256(secret, address), signature)) {
    return address;
  }
  return peerAddress ?? 'unknown';
}
