import { isDuplicateKey } from '../../../runtime/stores/mongo';
import { setTimeout as sleep } from 'node:timers/promises';
import { ObjectId, type Collection, type Db } from 'mongodb';
import { DomainError } from '../../../runtime/errors';
import type { ProductDocument, StockLedgerDocument } from './product.document';

const MAX_ATTEMPTS = 200;
const MAX_SYNC_ROUNDS = 50;

interface StockState {
  version: number;
  stock: number;
}

/**
 * Stock changes that stay exact under concurrency on FerretDB, whose updates are not atomic (concurrent
 * `$inc`s or conditional updates lose writes) but whose unique-index-checked inserts are. Every change is
 * an insert into `stock_ledger` of the next version, `{ productId, version }` unique: of the writers that
 * read the same version, exactly one inserts the next, the others retry from the new state. A change that
 * would go below zero is refused before its insert, so the ledger never holds a negative stock.
 *
 * The ledger's newest entry is the truth; the product's `stock`/`stockVersion` are a copy for reading and
 * filtering. Every writer copies the newest entry after its own insert and re-checks until the copy
 * matches, so when the writers are done the copy is the newest state, whatever order their updates landed in.
 */
export class StockStore {
  private readonly ledger: Collection<StockLedgerDocument>;

  constructor(
    db: Db,
    private readonly products: Collection<ProductDocument>,
  ) {
    this.ledger = db.collection<StockLedgerDocument>('stock_ledger');
  }

  async ensureIndexes(): Promise<void> {
    await this.ledger.createIndex({ productId: 1, version: 1 }, { unique: true, name: 'product_version_unique' });
  }

  /** Adds `delta` (negative to take) to the stock; NOT_FOUND, or OUT_OF_STOCK with `available` when there is not enough. */
  async adjust(productId: ObjectId, delta: number): Promise<number> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const current = await this.current(productId);
      const stockAfter = current.stock + delta;
      if (stockAfter < 0) {
        throw new DomainError('OUT_OF_STOCK', `Only ${current.stock} left in stock`, { field: 'delta', available: current.stock });
      }
      try {
        await this.ledger.insertOne({ _id: new ObjectId(), productId, version: current.version + 1, delta, stockAfter, createdAt: new Date() });
      } catch (error) {
        if (!(isDuplicateKey(error))) throw error;
        // Another writer took this version: start again from the state it made, after a short random pause.
        await sleep(Math.random() * Math.min(50, 2 + attempt * 2));
        continue;
      }
      await this.sync(productId);
      return stockAfter;
    }
    throw new DomainError('CONFLICT', 'The stock is changing too often right now; try again', { field: 'delta' });
  }

  /** The newest stock: the ledger's last entry, or the stock the product was created with (version 0). */
  async current(productId: ObjectId): Promise<StockState> {
    const [last] = await this.ledger.find({ productId }).sort({ version: -1 }).limit(1).toArray();
    if (last) return { version: last.version, stock: last.stockAfter };
    const product = await this.products.findOne({ _id: productId }, { projection: { stock: 1, stockVersion: 1 } });
    if (!product) throw new DomainError('NOT_FOUND', `Product ${productId.toHexString()} was not found`, { id: productId.toHexString() });
    return { version: product.stockVersion ?? 0, stock: product.stock };
  }

  /** Copies the newest ledger state onto the product until a read confirms it (see the class comment). */
  async sync(productId: ObjectId): Promise<void> {
    for (let round = 0; round < MAX_SYNC_ROUNDS; round += 1) {
      const newest = await this.current(productId);
      const product = await this.products.findOne({ _id: productId }, { projection: { stock: 1, stockVersion: 1 } });
      if (!product || (product.stockVersion === newest.version && product.stock === newest.stock)) return;
      await this.products.updateOne(
        { _id: productId, stockVersion: { $lte: newest.version } },
        { $set: { stock: newest.stock, stockVersion: newest.version } },
      );
    }
  }
}
