import type { IRules } from 'graphql-shield';
import { allow, isStaff } from '../../runtime/auth/rules';

/** The catalog is the shop window: anyone may browse it, signed in or not; only staff add to it. */
export const catalogPermissions: IRules = {
  Query: { products: allow, product: allow, productBySlug: allow },
  Mutation: { createProduct: isStaff },
  Product: allow,
  Money: allow,
};
