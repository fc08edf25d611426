import { callSubgraph, type SubgraphCallOptions } from './subgraph-client';

/** What to read of another subgraph's entities: its type and the fields wanted (a selection set's inside). */
export interface EntitySelection {
  service: string;
  url: string;
  typename: string;
  fields: string;
}

/**
 * Reads entities of another subgraph by id through its public `_entities` field, the lookup the router uses,
 * all in one request: those among `ids` that exist, in any order (an unknown id is simply absent).
 */
export async function fetchEntities<TEntity>(selection: EntitySelection, ids: readonly string[], options: SubgraphCallOptions = {}): Promise<TEntity[]> {
  const representations = [...new Set(ids)].map((id) => ({ __typename: selection.typename, id }));
  if (representations.length === 0) return [];
  const query = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${selection.typename} { ${selection.fields} } } }`;
  const data = await callSubgraph<{ _entities: Array<TEntity | null> }>(selection.service, selection.url, query, { representations }, options);
  return data._entities.filter((entity): entity is TEntity => entity !== null && entity !== undefined);
}
