import { cartSubgraph } from './cart/subgraph';
import { catalogSubgraph } from './catalog/subgraph';

/** Every subgraph of the shop, for the tools that handle them all (compose, start, end-to-end tests). */
export const allSubgraphs = [catalogSubgraph, cartSubgraph] as const;
