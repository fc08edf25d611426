import { authSubgraph } from './auth/subgraph';
import { cartSubgraph } from './cart/subgraph';
import { catalogSubgraph } from './catalog/subgraph';
import { contactSubgraph } from './contact/subgraph';
import { ordersSubgraph } from './orders/subgraph';
import { reviewsSubgraph } from './reviews/subgraph';
import { usersSubgraph } from './users/subgraph';
import { wishlistSubgraph } from './wishlist/subgraph';

/** Every subgraph of the shop, for the tools that handle them all (compose, start, end-to-end tests). */
export const allSubgraphs = [
  authSubgraph,
  catalogSubgraph,
  usersSubgraph,
  cartSubgraph,
  // After the subgraphs checkout calls (catalog, users, cart): test and start tools start them in this order.
  ordersSubgraph,
  wishlistSubgraph,
  reviewsSubgraph,
  contactSubgraph,
] as const;
