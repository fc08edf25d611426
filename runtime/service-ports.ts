/**
 * The port of each service on a developer's machine, in one table: every default address of one service for
 * another (peer URLs, the JWKS, the composed supergraph, `npm start`) is made from it. Deployments set the
 * URLs themselves (compose, the chart).
 */
export const SERVICE_PORTS = {
  router: 3000,
  auth: 3001,
  catalog: 3002,
  users: 3003,
  orders: 3004,
  cart: 3005,
  wishlist: 3006,
  reviews: 3007,
  contact: 3008,
} as const;

export type SubgraphName = Exclude<keyof typeof SERVICE_PORTS, 'router'>;

/** A subgraph's GraphQL endpoint on this machine. */
export const localSubgraphUrl = (name: SubgraphName, host = '127.0.0.1'): string => `http://${host}:${SERVICE_PORTS[name]}/graphql`;
