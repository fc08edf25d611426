import { findByIds, isDuplicateKey, WHOLE_ANSWER } from '../../../runtime/stores/mongo';
import { ObjectId, type Collection, type Db } from 'mongodb';
import { DomainError } from '../../../runtime/errors';
import type { Category } from '../entities/category';
import type { Translations } from '../entities/locale';
import { NO_WRITE_LISTENER, type CatalogWrites } from './catalog-writes';
import { changeStamp } from './change-stamp';
import type { CategoryDocument } from './product.document';

export interface NewCategory {
  name: string;
  slug: string;
  translations?: Translations<{ name: string }>;
  parentId: ObjectId | null;
}

/**
 * The category tree: each category keeps the ids of its ancestors, so a subtree is one indexed query and a
 * category's path needs no walking. Categories are only added (never moved), so the ids never go stale.
 */
export class CategoryStore {
  private readonly categories: Collection<CategoryDocument>;

  constructor(
    db: Db,
    private readonly writes: CatalogWrites = NO_WRITE_LISTENER,
  ) {
    this.categories = db.collection<CategoryDocument>('categories');
  }

  async ensureIndexes(): Promise<void> {
    await this.categories.createIndex({ slug: 1 }, { unique: true, name: 'slug_unique' });
    await this.categories.createIndex({ parentId: 1, name: 1 }, { name: 'children' });
    await this.categories.createIndex({ ancestorIds: 1 }, { name: 'subtree' });
    await this.categories.createIndex({ changedBucket: 1 }, { name: 'changed_bucket' });
  }

  /** Every category: what a read model starts from. */
  allDocuments(): Promise<CategoryDocument[]> {
    return this.categories.find({}).toArray();
  }

  /** The categories created in this bucket (see change-stamp.ts). */
  changedIn(bucket: Date): Promise<CategoryDocument[]> {
    return this.categories.find({ changedBucket: bucket }).toArray();
  }

  findDocument(id: ObjectId): Promise<CategoryDocument | null> {
    return this.categories.findOne({ _id: id });
  }

  async findByIds(ids: readonly string[]): Promise<Category[]> {
    const objectIds = ids.filter((id) => /^[0-9a-f]{24}$/i.test(id)).map((id) => new ObjectId(id));
    if (objectIds.length === 0) return [];
    return (await findByIds(this.categories, objectIds)).map(toCategory);
  }

  async findBySlug(slug: string): Promise<Category | null> {
    const document = await this.categories.findOne({ slug });
    return document ? toCategory(document) : null;
  }

  /** Children of each parent (null: the top level), by name. */
  async childrenOf(parentIds: readonly (string | null)[]): Promise<Category[]> {
    const ids = parentIds.map((id) => (id === null ? null : new ObjectId(id)));
    const documents = await this.categories
      .find({ parentId: { $in: ids } }, WHOLE_ANSWER)
      .sort({ name: 1, _id: 1 })
      .toArray();
    return documents.map(toCategory);
  }

  /** The category and every category below it; empty when it does not exist. */
  async subtreeIds(id: ObjectId): Promise<ObjectId[]> {
    const documents = await this.categories.find({ $or: [{ _id: id }, { ancestorIds: id }] }, { projection: { _id: 1 } }).toArray();
    return documents.map((document) => document._id);
  }

  async create(input: NewCategory): Promise<Category> {
    let ancestorIds: ObjectId[] = [];
    if (input.parentId) {
      const parent = await this.categories.findOne({ _id: input.parentId });
      if (!parent) throw new DomainError('BAD_USER_INPUT', 'There is no such parent category', { field: 'parentId' });
      ancestorIds = [...parent.ancestorIds, parent._id];
    }
    const now = new Date();
    const document: CategoryDocument = { _id: new ObjectId(), ...input, ancestorIds, createdAt: now, ...changeStamp(now) };
    try {
      await this.categories.insertOne(document);
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new DomainError('CONFLICT', `A category with slug "${input.slug}" already exists`, { field: 'slug' });
      }
      throw error;
    }
    await this.writes.categoryCreated(document);
    return toCategory(document);
  }

  /** BAD_USER_INPUT on `field` unless the category exists (a product cannot sit on a missing shelf). */
  async requireExists(id: ObjectId, field: string): Promise<void> {
    if (!(await this.categories.findOne({ _id: id }, { projection: { _id: 1 } }))) {
      throw new DomainError('BAD_USER_INPUT', 'There is no such category', { field });
    }
  }
}

export function toCategory(document: CategoryDocument): Category {
  return {
    id: document._id.toHexString(),
    slug: document.slug,
    name: document.name,
    translations: document.translations ?? {},
    parentId: document.parentId ? document.parentId.toHexString() : null,
    ancestorIds: document.ancestorIds.map((id) => id.toHexString()),
  };
}
