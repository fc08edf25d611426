import { randomUUID } from 'node:crypto';
import { ObjectId, type Db } from 'mongodb';
import type { CatalogStoreSet } from '../../subgraphs/catalog/context';
import { validateCreateCategory } from '../../subgraphs/catalog/inputs/create-category.input';
import type { ProductDocument } from '../../subgraphs/catalog/store/product.document';
import { newProductDocument } from '../../subgraphs/catalog/store/product.store';
import type { ReviewDocument } from '../../subgraphs/reviews/store/review.document';
import { ReviewStatus } from '../../subgraphs/reviews/entities/review-status';
import { benchCategories, benchProducts } from './catalog-data';

const BATCH = 500;

/** The generated category tree, through the catalog's own store; ids in the order of `benchCategories()`. */
export async function seedCategories(providers: CatalogStoreSet): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, category] of benchCategories().entries()) {
    const parentId = category.parentIndex === null ? null : ids[category.parentIndex];
    const created = await providers.categories.create(validateCreateCategory({ name: category.name, slug: `bench-category-${index}`, parentId }));
    ids.push(created.id);
  }
  return ids;
}

/**
 * Products `from` to `to` of the generated catalog, stored as the catalog stores them (its own document
 * builder), in bulk: one a minute apart in age, and about half with a rating (the RATING sort).
 */
export async function seedProducts(db: Db, from: number, to: number, categoryIds: string[]): Promise<void> {
  const base = Date.UTC(2026, 0, 1);
  for (let start = from; start < to; start += BATCH) {
    const documents: ProductDocument[] = benchProducts(start, Math.min(start + BATCH, to), categoryIds.length).map(({ categoryIndex, ...input }, offset) => {
      const n = start + offset;
      const document = newProductDocument({ ...input, categoryId: new ObjectId(categoryIds[categoryIndex]) }, new Date(base + n * 60_000));
      if (n % 2 === 0) Object.assign(document, { ratingAverage: 1 + ((n * 37) % 40) / 10, ratingCount: 1 + (n % 9), ratingAsOf: new Date(base) });
      return document;
    });
    await db.collection<ProductDocument>('products').insertMany(documents, { ordered: false });
  }
}

/** Three approved reviews of each product named, for the reviews subgraph's ratings. */
export async function seedReviews(db: Db, productIds: string[]): Promise<void> {
  const now = new Date();
  for (let start = 0; start < productIds.length; start += BATCH) {
    const reviews: ReviewDocument[] = productIds.slice(start, start + BATCH).flatMap((productId, offset) =>
      [0, 1, 2].map((k) => ({
        _id: new ObjectId(),
        productId,
        authorId: randomUUID(),
        rating: 1 + ((start + offset + k * 3) % 5),
        title: 'Preciosas',
        body: 'Llegaron frescas y a tiempo.',
        status: ReviewStatus.APPROVED,
        rejectionReason: null,
        createdAt: now,
        updatedAt: now,
      })),
    );
    await db.collection<ReviewDocument>('reviews').insertMany(reviews, { ordered: false });
  }
}
