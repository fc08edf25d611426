import { fetchEntities } from '../../../runtime/subgraph/fetch-entities';

/** What the cart needs to know about a product to accept a quantity of it. */
export interface CatalogProduct {
  id: string;
  active: boolean;
  stock: number;
}

// The catalog's public entity lookup, the same one the router uses: no catalog code is imported.
const PRODUCTS = { service: 'catalog', typename: 'Product', fields: 'id active stock' };

/** Ids longer than this are never products; they are not worth a round trip. */
const MAX_PRODUCT_ID_LENGTH = 64;

/**
 * Reads products from the catalog subgraph over HTTP (`CATALOG_URL`), many in one request. Used where the
 * cart must decide synchronously (is this product sold, is there enough stock); prices for display come
 * through the router with `@requires` instead.
 */
export class CatalogClient {
  constructor(
    private readonly url: string,
    private readonly timeoutMs = 5_000,
  ) {}

  /** The products among `ids` that exist, in any order; unknown ids are simply absent. */
  async findByIds(ids: readonly string[]): Promise<CatalogProduct[]> {
    const wanted = ids.filter((id) => id.length > 0 && id.length <= MAX_PRODUCT_ID_LENGTH);
    return fetchEntities<CatalogProduct>({ ...PRODUCTS, url: this.url }, wanted, { timeoutMs: this.timeoutMs });
  }
}
