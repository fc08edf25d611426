import { MongoServerError, ObjectId, type Collection, type Db } from 'mongodb';
import { DomainError } from '../../../runtime/errors';
import { money } from '../../../runtime/graphql/money';
import type { Product } from '../entities/product';
import type { CreateProductInput } from '../inputs/create-product.input';
import type { ProductDocument } from './product.document';
import { slugify } from './slugify';

const DUPLICATE_KEY = 11000;

/** The catalog's products, on the MongoDB wire protocol (MongoDB or FerretDB). */
export class ProductStore {
  private readonly products: Collection<ProductDocument>;

  constructor(db: Db) {
    this.products = db.collection<ProductDocument>('products');
  }

  async ensureIndexes(): Promise<void> {
    await this.products.createIndex({ slug: 1 }, { unique: true, name: 'slug_unique' });
    await this.products.createIndex({ active: 1, createdAt: -1 }, { name: 'active_newest' });
  }

  /** Batch lookup for DataLoader; ids that are not ObjectIds simply match nothing. */
  async findByIds(ids: readonly string[]): Promise<Product[]> {
    const objectIds = ids.filter((id) => ObjectId.isValid(id)).map((id) => new ObjectId(id));
    if (objectIds.length === 0) return [];
    const documents = await this.products.find({ _id: { $in: objectIds } }).toArray();
    return documents.map(toProduct);
  }

  async findBySlug(slug: string): Promise<Product | null> {
    const document = await this.products.findOne({ slug });
    return document ? toProduct(document) : null;
  }

  /** Active products, newest first. */
  async listActive(limit: number): Promise<Product[]> {
    const documents = await this.products.find({ active: true }).sort({ createdAt: -1, _id: -1 }).limit(limit).toArray();
    return documents.map(toProduct);
  }

  async create(input: CreateProductInput): Promise<Product> {
    const now = new Date();
    const document: ProductDocument = {
      _id: new ObjectId(),
      slug: input.slug ? slugify(input.slug) : slugify(input.name),
      name: input.name.trim(),
      description: input.description.trim(),
      priceMinor: input.priceMinor,
      currency: input.currency.toUpperCase(),
      stock: input.stock,
      active: true,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.products.insertOne(document);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
        throw new DomainError('CONFLICT', `A product with slug "${document.slug}" already exists`, { field: 'slug' });
      }
      throw error;
    }
    return toProduct(document);
  }
}

function toProduct(document: ProductDocument): Product {
  return {
    id: document._id.toHexString(),
    slug: document.slug,
    name: document.name,
    description: document.description,
    price: money(document.priceMinor, document.currency),
    stock: document.stock,
    active: document.active,
    createdAt: document.createdAt,
  };
}
