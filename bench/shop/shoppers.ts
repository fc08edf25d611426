import { randomUUID } from 'node:crypto';
import { addShopAddress } from '../../test/support/shop';
import type { TestKeys } from '../../test/support/tokens';
import { inBatches } from '../shared/batches';
import { shopperAddress } from './client-address';

/** One shopper: an account of its own, signed in, with a delivery address, sending from its own address. */
export interface ShopperIdentity {
  index: number;
  accountId: string;
  headers: Record<string, string>;
  /** Its delivery address in the users subgraph. */
  addressId: string;
  /** The loopback address its connections are bound to: the router sees one client per shopper. */
  localAddress: string;
}

/**
 * Shoppers `first` … `first + count - 1`: tokens signed by the bench's keys (no sign-up: the auth subgraph is
 * not what is measured here) lasting the whole bench, and an address each, added through the router.
 */
export async function signUpShoppers(routerUrl: string, keys: TestKeys, first: number, count: number): Promise<ShopperIdentity[]> {
  return inBatches(
    Array.from({ length: count }, (_, offset) => first + offset),
    16,
    async (index) => {
      const accountId = randomUUID();
      const headers = { authorization: `Bearer ${await keys.sign({ accountId, roles: ['CUSTOMER'] }, { expiresIn: '3h' })}` };
      return { index, accountId, headers, addressId: await addShopAddress(routerUrl, headers), localAddress: shopperAddress(index) };
    },
  );
}
