import type { IRules } from 'graphql-shield';
import { allow, isService, isStaff } from '../../runtime/auth/rules';

/**
 * The catalog is the shop window: anyone may browse it, signed in or not (archived products are hidden from
 * shoppers by the resolvers); only staff change it. Stock reservations are for the orders service calling as
 * itself at checkout and cancellation: no customer or staff token may hold or release stock that way.
 */
export const catalogPermissions: IRules = {
  Query: { products: allow, product: allow, productBySlug: allow, categories: allow, category: allow },
  Mutation: {
    createProduct: isStaff,
    updateProduct: isStaff,
    archiveProduct: isStaff,
    adjustStock: isStaff,
    createCategory: isStaff,
    reserveStock: isService('orders'),
    releaseStock: isService('orders'),
  },
  Product: allow,
  ProductImage: allow,
  Money: allow,
  Category: allow,
  ProductConnection: allow,
  ProductEdge: allow,
  PageInfo: allow,
  ProductFacets: allow,
  CategoryFacet: allow,
  OccasionFacet: allow,
  ValueFacet: allow,
  PriceBandFacet: allow,
};
