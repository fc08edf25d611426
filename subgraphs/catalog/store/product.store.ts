import { isDuplicateKey } from '../../../runtime/stores/mongo';
import { MongoServerError, ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import { DomainError } from '../../../runtime/errors';
import { money } from '../../../runtime/graphql/money';
import type { Product } from '../entities/product';
import { ProductSort } from '../entities/product-sort';
import { encodeProductCursor } from './product-cursor';
import { afterCursor, listingMatch, sortKeyOf, sortOf, type KeyedSort, type ProductListing } from './product-listing';
import type { ProductDocument } from './product.document';
import { relevance, searchTokens, words } from './search-tokens';

/** A search is scored in the service (FerretDB cannot): at most this many best candidates are ranked. */
const MAX_RANKED = 5_000;

export interface NewProduct {
  slug: string;
  name: string;
  description: string;
  categoryId: ObjectId | null;
  occasions: string[];
  colours: string[];
  flowerTypes: string[];
  tags: string[];
  priceMinor: number;
  currency: string;
  stock: number;
  images: Array<{ url: string; alt: string }>;
}

export type ProductChanges = Partial<Omit<NewProduct, 'stock'> & { active: boolean }>;

export interface ProductPage {
  edges: Array<{ cursor: string; node: Product }>;
  hasNextPage: boolean;
  totalCount: number;
}

/** The catalog's products, on the MongoDB wire protocol (MongoDB or FerretDB). */
export class ProductStore {
  readonly collection: Collection<ProductDocument>;

  constructor(db: Db) {
    this.collection = db.collection<ProductDocument>('products');
  }

  /** One index per access path: by slug, each listing order (active first), search words, each filter. */
  async ensureIndexes(): Promise<void> {
    const products = this.collection;
    await products.createIndex({ slug: 1 }, { unique: true, name: 'slug_unique' });
    await products.createIndex({ active: 1, createdAt: -1, _id: -1 }, { name: 'active_newest_id' });
    await products.createIndex({ active: 1, priceMinor: 1, _id: 1 }, { name: 'active_price' });
    await products.createIndex({ active: 1, nameKey: 1, _id: 1 }, { name: 'active_name' });
    await products.createIndex({ active: 1, ratingAverage: -1, _id: -1 }, { name: 'active_rating' });
    await products.createIndex({ searchTokens: 1 }, { name: 'search_tokens' });
    await products.createIndex({ categoryId: 1 }, { name: 'category' });
    await products.createIndex({ occasions: 1 }, { name: 'occasions' });
    await products.createIndex({ colours: 1 }, { name: 'colours' });
    await products.createIndex({ flowerTypes: 1 }, { name: 'flower_types' });
  }

  /** Batch lookup for DataLoader, archived products included (old orders still name them); unknown ids match nothing. */
  async findByIds(ids: readonly string[]): Promise<Product[]> {
    const objectIds = ids.filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new ObjectId(id));
    if (objectIds.length === 0) return [];
    const documents = await this.collection.find({ _id: { $in: objectIds } }).toArray();
    return documents.map(toProduct);
  }

  async findBySlug(slug: string): Promise<Product | null> {
    const document = await this.collection.findOne({ slug });
    return document ? toProduct(document) : null;
  }

  /** One page of the listing and the count over all pages. */
  async list(listing: ProductListing, subtree: ObjectId[] | null): Promise<ProductPage> {
    const match = listingMatch(listing, subtree);
    if (listing.sort === ProductSort.RELEVANCE && listing.searchWords) return this.listByRelevance(listing, match, listing.searchWords);
    const sort = listing.sort as KeyedSort;
    const pageMatch = listing.after ? { $and: [match, afterCursor(listing.after)] } : match;
    const [documents, totalCount] = await Promise.all([
      listing.first === 0 ? [] : this.collection.find(pageMatch).sort(sortOf(sort)).limit(listing.first + 1).toArray(),
      this.collection.countDocuments(match),
    ]);
    const page = documents.slice(0, listing.first);
    return {
      edges: page.map((document) => ({
        cursor: encodeProductCursor({ sort, key: sortKeyOf(document, sort), id: document._id }),
        node: toProduct(document),
      })),
      hasNextPage: documents.length > listing.first,
      totalCount,
    };
  }

  /** Scores every match in the service (best first, id breaking ties), then loads only the page. */
  private async listByRelevance(listing: ProductListing, match: Filter<ProductDocument>, searched: string[]): Promise<ProductPage> {
    const candidates = await this.collection
      .find(match, { projection: { name: 1, tags: 1, description: 1 } })
      .limit(MAX_RANKED)
      .toArray();
    const ranked = candidates
      .map((candidate) => ({ id: candidate._id, score: relevance(candidate, searched) }))
      .sort((a, b) => b.score - a.score || b.id.toHexString().localeCompare(a.id.toHexString()));
    const after = listing.after;
    const rest = after
      ? ranked.filter(({ score, id }) => score < (after.key as number) || (score === after.key && id.toHexString() < after.id.toHexString()))
      : ranked;
    const page = rest.slice(0, listing.first);
    const documents = page.length === 0 ? [] : await this.collection.find({ _id: { $in: page.map(({ id }) => id) } }).toArray();
    const byId = new Map(documents.map((document) => [document._id.toHexString(), document]));
    return {
      edges: page
        .filter(({ id }) => byId.has(id.toHexString()))
        .map(({ id, score }) => ({
          cursor: encodeProductCursor({ sort: ProductSort.RELEVANCE, key: score, id }),
          node: toProduct(byId.get(id.toHexString())!),
        })),
      hasNextPage: rest.length > listing.first,
      totalCount: ranked.length,
    };
  }

  async create(input: NewProduct): Promise<Product> {
    const now = new Date();
    const document: ProductDocument = {
      _id: new ObjectId(),
      ...input,
      nameKey: nameKey(input.name),
      searchTokens: searchTokens(input.name, input.description, ...input.tags),
      stockVersion: 0,
      active: true,
      ratingAverage: 0,
      ratingCount: 0,
      ratingAsOf: null,
      createdAt: now,
      updatedAt: now,
    };
    await insertOrConflict(() => this.collection.insertOne(document), document.slug);
    return toProduct(document);
  }

  /** Applies the changes (the search words follow the name, description and tags); NOT_FOUND for an unknown id. */
  async update(id: ObjectId, changes: ProductChanges): Promise<Product> {
    const current = await this.collection.findOne({ _id: id });
    if (!current) throw new DomainError('NOT_FOUND', `Product ${id.toHexString()} was not found`, { id: id.toHexString() });
    // FerretDB reports a unique-index clash on update as an internal error, so a taken slug is looked for first
    // (the index still refuses the rare race, as an error below).
    if (changes.slug !== undefined && changes.slug !== current.slug && (await this.collection.findOne({ slug: changes.slug }, { projection: { _id: 1 } }))) {
      throw new DomainError('CONFLICT', `A product with slug "${changes.slug}" already exists`, { field: 'slug' });
    }
    const next = { ...current, ...changes };
    const set: Partial<ProductDocument> = { ...changes, updatedAt: new Date() };
    if (changes.name !== undefined) set.nameKey = nameKey(next.name);
    if (changes.name !== undefined || changes.description !== undefined || changes.tags !== undefined) {
      set.searchTokens = searchTokens(next.name, next.description, ...next.tags);
    }
    await insertOrConflict(() => this.collection.updateOne({ _id: id }, { $set: set }), changes.slug ?? current.slug);
    return toProduct({ ...next, ...set } as ProductDocument);
  }

  /**
   * Records a product's rating from the reviews service; an event older than the one applied last is
   * ignored (events can arrive out of order). Returns whether it applied. The caller handles one event at
   * a time, as FerretDB's conditional updates are not atomic.
   */
  async applyRating(id: ObjectId, average: number, count: number, asOf: Date): Promise<boolean> {
    const result = await this.collection.updateOne(
      { _id: id, $or: [{ ratingAsOf: null }, { ratingAsOf: { $lt: asOf } }] },
      { $set: { ratingAverage: average, ratingCount: count, ratingAsOf: asOf } },
    );
    return result.modifiedCount > 0;
  }
}

export const nameKey = (name: string) => words(name).join(' ');

async function insertOrConflict(write: () => Promise<unknown>, slug: string): Promise<void> {
  try {
    await write();
  } catch (error) {
    const duplicate = isDuplicateKey(error) || (error instanceof MongoServerError && /duplicate key/.test(error.message));
    if (duplicate) {
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
    price: money(document.priceMinor, document.currency),
    images: document.images ?? [],
    stock: document.stock,
    inStock: document.stock > 0,
    active: document.active,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt ?? document.createdAt,
  };
}
