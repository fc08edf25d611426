import { scriptedSubgraph, sendJson, type ScriptedSubgraph } from './scripted-subgraph';

/** Ids the stub catalog says it does not have. */
export const UNKNOWN_PRODUCT_PREFIX = 'unknown-product-';

/**
 * A catalog subgraph that has every product it is asked about through `_entities`, except ids starting with
 * UNKNOWN_PRODUCT_PREFIX: for a subgraph's own tests that check products over HTTP without the real catalog.
 */
export function stubCatalog(): Promise<ScriptedSubgraph> {
  return scriptedSubgraph((_call, res, body) => {
    const representations = (JSON.parse(body) as { variables?: { representations?: Array<{ id: string }> } }).variables?.representations ?? [];
    const entities = representations.map(({ id }) => (id.startsWith(UNKNOWN_PRODUCT_PREFIX) ? null : { __typename: 'Product', id }));
    sendJson(res, 200, { data: { _entities: entities } });
  });
}
