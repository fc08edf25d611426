import { fetchEntities } from '../../../runtime/subgraph/fetch-entities';

// The catalog's public entity lookup, the one the router uses: no catalog code is imported.
const PRODUCT = { service: 'catalog', typename: 'Product', fields: 'id' };

/**
 * Asks the catalog subgraph over HTTP (`CATALOG_URL`) whether a product exists, as the cart and checkout do:
 * a review is only taken for a product the shop has (sold now or archived). A catalog that does not answer
 * refuses the review with SERVICE_UNAVAILABLE; nothing is stored.
 */
export class CatalogClient {
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 5_000,
  ) {}

  async hasProduct(productId: string, requestId?: string): Promise<boolean> {
    const found = await fetchEntities<{ id: string }>({ ...PRODUCT, url: this.url }, [productId], { requestId, timeoutMs: this.timeoutMs });
    return found.length > 0;
  }
}
