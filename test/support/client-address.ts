import { randomUUID } from 'node:crypto';
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_SIGNATURE_HEADER, signClientAddress } from '../../runtime/auth/client-address';
import { testEnv } from './test-env';

/** Headers of a request the router forwarded for a client at `address` (signed, so the subgraph believes it). */
export const fromAddress = (address: string): Record<string, string> => ({
  [CLIENT_ADDRESS_HEADER]: address,
  [CLIENT_ADDRESS_SIGNATURE_HEADER]: signClientAddress(address, testEnv.INTERNAL_SECRET),
});

/** A made-up client address per test, so the rate limits of one test (or test file) never meet another's. */
export const uniqueAddress = () => `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
