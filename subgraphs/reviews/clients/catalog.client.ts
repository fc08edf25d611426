import { callSubgraph } from '../../../runtime/subgraph/subgraph-client';

// The catalog's public entity lookup, the one the router uses: no catalog code is imported.
const PRODUCT = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id } } }`;

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
    const representations = [{ __typename: 'Product', id: productId }];
    const data = await callSubgraph<{ _entities: Array<{ id: string } | null> }>('catalog', this.url, PRODUCT, { representations }, { requestId, timeoutMs: this.timeoutMs });
    return data._entities[0] !== null && data._entities[0] !== undefined;
  }
}
