import { findByIds, isDuplicateKey } from '../../../runtime/stores/mongo';
import { ObjectId, type Collection, type Db } from 'mongodb';
import { DomainError, notFound } from '../../../runtime/errors';
import { money } from '../../../runtime/graphql/money';
import type { ProductText, Translations } from '../entities/locale';
import type { Product } from '../entities/product';
import { NO_WRITE_LISTENER, type CatalogWrites } from './catalog-writes';
import { changeStamp } from './change-stamp';
import type { ProductDocument } from './product.document';
import { words } from './search-tokens';

export interface NewProduct {
  slug: string;
  name: string;
  description: string;
  categoryId: ObjectId | null;
  occasions: string[];
  colours: string[];
  flowerTypes: string[];
  tags: string[];
  /** Absent: the one text serves every language. */
  translations?: Translations<ProductText>;
  priceMinor: number;
  currency: string;
  stock: number;
  images: Array<{ url: string; alt: string }>;
}

export type ProductChanges = Partial<Omit<NewProduct, 'stock'> & { active: boolean }>;

/**
 * The catalog's products, on the MongoDB wire protocol (MongoDB or FerretDB): the truth that writes go to. Reads
 * of the shop window are answered by the read model (read-model/), which every write here tells (`writes`).
 */
export class ProductStore {
  readonly collection: Collection<ProductDocument>;

  constructor(
    db: Db,
    private readonly writes: CatalogWrites = NO_WRITE_LISTENER,
  ) {
    this.collection = db.collection<ProductDocument>('products');
  }

  /**
   * By slug (unique: the one write FerretDB makes atomic) and by change bucket (replicas catching up, see
   * change-stamp.ts); listing, search and filters are the read model's, in memory.
   */
  async ensureIndexes(): Promise<void> {
    await this.collection.createIndex({ slug: 1 }, { unique: true, name: 'slug_unique' });
    await this.collection.createIndex({ changedBucket: 1 }, { name: 'changed_bucket' });
  }

  /** Batch lookup for DataLoader, archived products included (old orders still name them); unknown ids match nothing. */
  async findByIds(ids: readonly string[]): Promise<Product[]> {
    const objectIds = ids.filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new ObjectId(id));
    if (objectIds.length === 0) return [];
    const documents = await findByIds(this.collection, objectIds);
    return documents.map(toProduct);
  }

  async findBySlug(slug: string): Promise<Product | null> {
    const document = await this.collection.findOne({ slug });
    return document ? toProduct(document) : null;
  }

  /** One document as stored now, for a copy to follow it (an equality on `_id`: pushed down on FerretDB). */
  findDocument(id: ObjectId): Promise<ProductDocument | null> {
    return this.collection.findOne({ _id: id }, { projection: WITHOUT_TOKENS });
  }

  /** Every product, archived ones included, one at a time as they arrive (a read model starting holds no batch of them). */
  async forEachDocument(visit: (document: ProductDocument) => void): Promise<void> {
    for await (const document of this.collection.find({}, { projection: WITHOUT_TOKENS, batchSize: 500 })) visit(document);
  }

  /** The products whose last change falls in this bucket (see change-stamp.ts). */
  changedIn(bucket: Date): Promise<ProductDocument[]> {
    return this.collection.find({ changedBucket: bucket }, { projection: WITHOUT_TOKENS }).toArray();
  }

  async create(input: NewProduct): Promise<Product> {
    const document = newProductDocument(input, new Date());
    await insertOrConflict(() => this.collection.insertOne(document), document.slug);
    await this.writes.productChanged(document._id);
    return toProduct(document);
  }

  /** Applies the changes (the name's sort key follows the name); NOT_FOUND for an unknown id. */
  async update(id: ObjectId, changes: ProductChanges): Promise<Product> {
    const current = await this.collection.findOne({ _id: id });
    if (!current) throw notFound('Product', id.toHexString());
    // FerretDB reports a unique-index clash on update as an internal error, so a taken slug is looked for first
    // (the index still refuses the rare race, as an error below).
    if (changes.slug !== undefined && changes.slug !== current.slug && (await this.collection.findOne({ slug: changes.slug }, { projection: { _id: 1 } }))) {
      throw new DomainError('CONFLICT', `A product with slug "${changes.slug}" already exists`, { field: 'slug' });
    }
    const next = { ...current, ...changes };
    const now = new Date();
    const set: Partial<ProductDocument> = { ...changes, updatedAt: now, ...changeStamp(now) };
    if (changes.name !== undefined) set.nameKey = nameKey(next.name);
    await insertOrConflict(() => this.collection.updateOne({ _id: id }, { $set: set }), changes.slug ?? current.slug);
    await this.writes.productChanged(id);
    return toProduct({ ...next, ...set });
  }

  /**
   * Records a product's rating from the reviews service; an event older than the one applied last is
   * ignored (events can arrive out of order). Returns whether it applied. The caller handles one event at
   * a time, as FerretDB's conditional updates are not atomic.
   */
  async applyRating(id: ObjectId, average: number, count: number, asOf: Date): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: id, $or: [{ ratingAsOf: null }, { ratingAsOf: { $lt: asOf } }] },
      { $set: { ratingAverage: average, ratingCount: count, ratingAsOf: asOf, ...changeStamp() } },
    );
    if (result.modifiedCount === 0) return false;
    await this.writes.productChanged(id);
    return true;
  }
}

export const nameKey = (name: string) => words(name).join(' ');

/** The document a new product is stored as (also what the catalog benchmark loads in bulk). */
export function newProductDocument(input: NewProduct, now: Date): ProductDocument {
  return {
    _id: new ObjectId(),
    ...input,
    ...changeStamp(now),
    nameKey: nameKey(input.name),
    stockVersion: 0,
    active: true,
    ratingAverage: 0,
    ratingCount: 0,
    ratingAsOf: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** Documents an older version wrote may still carry search tokens (see retired-search-tokens.ts): nothing reads them. */
const WITHOUT_TOKENS = { searchTokens: 0 } as const;

async function insertOrConflict(write: () => Promise<unknown>, slug: string): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (isDuplicateKey(error)) {
      throw new DomainError('CONFLICT', `A product with slug "${slug}" already exists`, { field: 'slug' });
    }
    throw error;
  }
}

export function toProduct(document: ProductDocument): Product {
  return {
    id: document._id.toHexString(),
    slug: document.slug,
    name: document.name,
    description: document.description,
    categoryId: document.categoryId ? document.categoryId.toHexString() : null,
    occasions: (document.occasions ?? []) as Product['occasions'],
    colours: document.colours ?? [],
    flowerTypes: document.flowerTypes ?? [],
    tags: document.tags ?? [],
    translations: document.translations ?? {},
    price: money(document.priceMinor, document.currency),
    images: document.images ?? [],
    stock: document.stock,
    inStock: document.stock > 0,
    active: document.active,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt ?? document.createdAt,
  };
}
