import { MongoServerError, type Collection, type Db } from 'mongodb';
import { insertUnlessPresent } from '../../../runtime/stores/mongo';
import type { ProductDocument } from './product.document';
import type { StockStore } from './stock.store';

/**
 * The listing of a catalog without its read model searched and filtered in the store: products carried their search
 * tokens (about 2 KB of a 3.3 KB document) and ten indexes served its queries. The read model answers all of that
 * from memory, and FerretDB reads and writes a whole document for every command (a reservation does three per
 * line), so the tokens and those indexes only made every stock write and read slower. Once per database, the first
 * catalog of this version to start removes them; documents an older replica writes during the upgrade keep their
 * tokens, which nothing reads.
 */
const RETIRED_INDEXES = [
  'active_newest_id',
  'active_price',
  'active_name',
  'active_rating',
  'search_tokens',
  'category',
  'occasions',
  'colours',
  'flower_types',
];
const MIGRATION_ID = 'products-without-search-tokens';

interface MigrationDocument {
  _id: string;
  doneAt: Date;
}

export async function retireSearchTokens(db: Db, products: Collection<ProductDocument>, stock: StockStore): Promise<void> {
  const migrations = db.collection<MigrationDocument>('catalog_migrations');
  if (await migrations.findOne({ _id: MIGRATION_ID })) return;
  const existing = new Set((await products.indexes()).map((index) => index.name));
  for (const name of RETIRED_INDEXES) if (existing.has(name)) await dropUnlessGone(products, name);
  const withTokens = await products.find({ searchTokens: { $exists: true } }, { projection: { _id: 1 } }).toArray();
  for (const { _id } of withTokens) {
    await products.updateOne({ _id }, { $unset: { searchTokens: '' } });
    // FerretDB writes the whole document back: a stock copy made meanwhile may have been overwritten, so the copy
    // is checked again against the versions recorded since (as every stock writer does after its own write).
    await stock.sync(_id);
  }
  await insertUnlessPresent(migrations, { _id: MIGRATION_ID, doneAt: new Date() });
}

const INDEX_NOT_FOUND = 27;

/** Another catalog starting at the same time may have dropped it first. */
async function dropUnlessGone(products: Collection<ProductDocument>, name: string): Promise<void> {
  try {
    await products.dropIndex(name);
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === INDEX_NOT_FOUND)) throw error;
  }
}
