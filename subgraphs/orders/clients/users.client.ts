import { callSubgraph, type OnBehalfOf } from '../../../runtime/subgraph/subgraph-client';
import type { DeliveryAddressSnapshot } from '../domain/order-state';

type AddressBookEntry = DeliveryAddressSnapshot & { id: string };

const ADDRESS_BOOK = `query { me { addresses { id recipient line1 line2 city postalCode country phone instructions } } }`;

/** The customer's address book, read from the users subgraph as the customer. */
export class UsersClient {
  constructor(private readonly url: string) {}

  /** One of the customer's own addresses; null when they have none with that id. */
  async addressOf(caller: OnBehalfOf, addressId: string): Promise<DeliveryAddressSnapshot | null> {
    const data = await callSubgraph<{ me: { addresses: AddressBookEntry[] } }>('users', this.url, ADDRESS_BOOK, {}, caller);
    const found = data.me.addresses.find((address) => address.id === addressId);
    if (!found) return null;
    const { id: _id, ...snapshot } = found;
    return snapshot;
  }
}
