/** A reference to an entity another subgraph owns, as federation passes it: just its key. */
export interface EntityRef {
  __typename?: string;
  id: string;
}
