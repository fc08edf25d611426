import type { ObjectId } from 'mongodb';

/** How a product is stored in the `products` collection. */
export interface ProductDocument {
  _id: ObjectId;
  slug: string;
  name: string;
  description: string;
  priceMinor: number;
  currency: string;
  stock: number;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}
