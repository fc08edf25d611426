import { serviceCallerHeaders } from '../../../runtime/auth/service-caller';
import { fetchEntities } from '../../../runtime/subgraph/fetch-entities';
import { callSubgraph, type OnBehalfOf } from '../../../runtime/subgraph/subgraph-client';

export interface CatalogProduct {
  id: string;
  name: string;
  active: boolean;
  price: { amountMinor: number; currency: string };
}

const PRODUCTS = { service: 'catalog', typename: 'Product', fields: 'id name active price { amountMinor currency }' };
const RESERVE = `mutation($reservationId: ID!, $lines: [StockReservationLineInput!]!) { reserveStock(reservationId: $reservationId, lines: $lines) { id } }`;
const RELEASE = `mutation($reservationId: ID!) { releaseStock(reservationId: $reservationId) }`;

/**
 * The catalog as checkout needs it: current names and prices (public), and stock reservations, which only the
 * orders service may make: those calls are signed with INTERNAL_SECRET as the service `orders`.
 */
export class CatalogClient {
  constructor(
    private readonly url: string,
    private readonly internalSecret: string | undefined,
  ) {}

  /** The products among `ids` that exist, in any order. */
  async products(caller: OnBehalfOf, ids: readonly string[]): Promise<CatalogProduct[]> {
    return fetchEntities<CatalogProduct>({ ...PRODUCTS, url: this.url }, ids, { requestId: caller.requestId, cacheTags: caller.cacheTags });
  }

  /** Takes the lines' stock for the order `reservationId`, all or nothing (OUT_OF_STOCK names the product). */
  async reserve(caller: OnBehalfOf, reservationId: string, lines: Array<{ productId: string; quantity: number }>): Promise<void> {
    await callSubgraph('catalog', this.url, RESERVE, { reservationId, lines }, this.asOrdersService(caller));
  }

  /** Gives the stock of a reservation back (idempotent). */
  async release(caller: Pick<OnBehalfOf, 'requestId' | 'cacheTags'>, reservationId: string): Promise<number> {
    return (await callSubgraph<{ releaseStock: number }>('catalog', this.url, RELEASE, { reservationId }, this.asOrdersService(caller))).releaseStock;
  }

  private asOrdersService(caller: Pick<OnBehalfOf, 'requestId' | 'cacheTags'>) {
    if (!this.internalSecret) throw new Error('INTERNAL_SECRET is not set: the orders service cannot reserve stock');
    return { requestId: caller.requestId, cacheTags: caller.cacheTags, headers: serviceCallerHeaders('orders', this.internalSecret) };
  }
}
