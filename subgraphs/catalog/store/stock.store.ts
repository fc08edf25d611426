import { insertUnlessPresent, isDuplicateKey } from '../../../runtime/stores/mongo';
import { setTimeout as sleep } from 'node:timers/promises';
import { ObjectId, type Collection, type Db } from 'mongodb';
import { DomainError, notFound, outOfStock } from '../../../runtime/errors';
import { NO_WRITE_LISTENER, type CatalogWrites, type StockTransition } from './catalog-writes';
import { changeStamp } from './change-stamp';
import type { ProductDocument, StockLedgerDocument } from './product.document';

const MAX_ATTEMPTS = 200;
const MAX_SYNC_ROUNDS = 50;

/** An entry that must be written at most once: its deterministic `_id` and the reservation it belongs to. */
export interface LedgerClaim {
  id: string;
  reservationId: string;
}

/** `already-there`: the claimed entry was written before; `transition` is the change it made. */
export type AppendOutcome =
  { outcome: 'appended'; transition: StockTransition } | { outcome: 'already-there'; transition: StockTransition } | { outcome: 'short'; available: number };

/** A product's stock at a ledger version (0: the stock it was created with). */
export interface StockState {
  version: number;
  stock: number;
}

/** The stock a version of a product left, under `<productId>:<version>` (see StockStore). */
interface StockVersionDocument {
  _id: string;
  stockAfter: number;
}

const versionId = (productId: ObjectId, version: number) => `${productId.toHexString()}:${version}`;

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
 *
 * Reading the newest entry is a query FerretDB answers by scanning the whole ledger (it uses an index for `_id`
 * only), which grows with every sale. So a writer also records each version it wrote in `stock_versions` under
 * `<productId>:<version>`, before copying it, and writers read the newest state from the product's copy and the
 * versions recorded after it, by `_id` alone. Such a read can be behind the ledger (a writer stopped between its
 * entry and its record): the insert it leads to then meets the unique index, and the retry reads the ledger. A
 * retry of a claimed entry that finds it written finishes what its writer may not have (`settledEntry`).
 */
export class StockStore {
  private readonly ledger: Collection<StockLedgerDocument>;
  private readonly versions: Collection<StockVersionDocument>;

  constructor(
    db: Db,
    private readonly products: Collection<ProductDocument>,
    private readonly writes: CatalogWrites = NO_WRITE_LISTENER,
  ) {
    this.ledger = db.collection<StockLedgerDocument>('stock_ledger');
    this.versions = db.collection<StockVersionDocument>('stock_versions');
  }

  async ensureIndexes(): Promise<void> {
    await this.ledger.createIndex({ productId: 1, version: 1 }, { unique: true, name: 'product_version_unique' });
    await this.ledger.createIndex({ reservationId: 1 }, { name: 'reservation' });
  }

  /** Adds `delta` (negative to take) to the stock; NOT_FOUND, or OUT_OF_STOCK with `available` when there is not enough. */
  async adjust(productId: ObjectId, delta: number): Promise<StockTransition> {
    const result = await this.append(productId, delta);
    if (result.outcome === 'short') throw outOfStock({ available: result.available, field: 'delta' });
    if (result.outcome !== 'appended') throw new Error('an unclaimed ledger entry cannot be there already');
    return result.transition;
  }

  /**
   * Appends the next ledger entry for `delta`, refusing to go below zero (outcome `short`). With a `claim`, the
   * entry gets that `_id`, so it is written at most once however often (or concurrently) it is asked for: a
   * duplicate key on an `_id` that exists means it was written already (outcome `already-there`); any other
   * duplicate key is another writer taking the version, and the append starts again from the state it made.
   * `copied` is the product's stock copy when the caller has just read the product.
   */
  async append(productId: ObjectId, delta: number, claim?: LedgerClaim, copied?: StockState): Promise<AppendOutcome> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      // A retry (the version was taken, or too little seemed left) reads the ledger itself.
      const current = attempt === 0 ? await this.known(productId, copied) : await this.current(productId);
      const stockAfter = current.stock + delta;
      if (stockAfter < 0) {
        if (attempt === 0) continue;
        // A concurrent append of the same claim may be what took the last units.
        const settled = claim && (await this.settledEntry(claim.id));
        if (settled) return { outcome: 'already-there', transition: settled };
        return { outcome: 'short', available: current.stock };
      }
      try {
        await this.ledger.insertOne({
          _id: claim?.id ?? new ObjectId(),
          productId,
          version: current.version + 1,
          delta,
          stockAfter,
          ...(claim && { reservationId: claim.reservationId }),
          createdAt: new Date(),
        });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const settled = claim && (await this.settledEntry(claim.id));
        if (settled) return { outcome: 'already-there', transition: settled };
        // Another writer took this version: start again from the state it made, after a short random pause.
        await sleep(Math.random() * Math.min(50, 2 + attempt * 2));
        continue;
      }
      const written = { version: current.version + 1, stock: stockAfter };
      await this.record(productId, written);
      await this.sync(productId, written);
      const transition = { productId, version: current.version + 1, before: current.stock, after: stockAfter };
      await this.writes.stockChanged(transition);
      return { outcome: 'appended', transition };
    }
    throw new DomainError('CONFLICT', 'The stock is changing too often right now; try again', { productId: productId.toHexString() });
  }

  /**
   * The change the claimed entry made, if it is written, once everything its writer does after the entry is done
   * again: its version recorded, the product's copy brought up to date, the read model and the other replicas told.
   * A writer that stopped between its entry and the rest (a crash, a lost connection) left the product showing the
   * stock from before it, and its caller's retry of the same claim is what finds the entry. Doing it again when the
   * writer had finished changes nothing (the record is written once; replicas keep the newest version).
   */
  private async settledEntry(id: string): Promise<StockTransition | undefined> {
    const entry = await this.entry(id);
    if (!entry) return undefined;
    const transition = { productId: entry.productId, version: entry.version, before: entry.stockAfter - entry.delta, after: entry.stockAfter };
    await this.record(entry.productId, { version: entry.version, stock: entry.stockAfter });
    await this.sync(entry.productId);
    await this.writes.stockChanged(transition);
    return transition;
  }

  /** Records the stock a version left (see the class comment); a version is recorded once, whoever records it. */
  private record(productId: ObjectId, state: StockState): Promise<boolean> {
    return insertUnlessPresent(this.versions, { _id: versionId(productId, state.version), stockAfter: state.stock });
  }

  entry(id: string): Promise<StockLedgerDocument | null> {
    return this.ledger.findOne({ _id: id });
  }

  async hasEntry(id: string): Promise<boolean> {
    return (await this.entry(id)) !== null;
  }

  /** Every entry written for a reservation, reserve and release entries alike (a scan of the ledger on FerretDB). */
  reservationEntries(reservationId: string): Promise<StockLedgerDocument[]> {
    return this.ledger.find({ reservationId }).toArray();
  }

  /** The newest stock: the ledger's last entry, or the stock the product was created with (version 0). */
  async current(productId: ObjectId): Promise<StockState> {
    const [last] = await this.ledger.find({ productId }).sort({ version: -1 }).limit(1).toArray();
    if (last) return { version: last.version, stock: last.stockAfter };
    const product = await this.products.findOne({ _id: productId }, { projection: { stock: 1, stockVersion: 1 } });
    if (!product) throw notFound('Product', productId.toHexString());
    return { version: product.stockVersion ?? 0, stock: product.stock };
  }

  /**
   * The newest stock as the product's copy and the versions recorded after it tell (see the class comment): `_id`
   * look-ups only, from `copied` when the caller has just read the copy.
   */
  private async known(productId: ObjectId, copied?: StockState): Promise<StockState> {
    let state = copied ?? (await this.copied(productId));
    if (!state) throw notFound('Product', productId.toHexString());
    for (;;) {
      const next: StockVersionDocument | null = await this.versions.findOne({ _id: versionId(productId, state.version + 1) });
      if (!next) return state;
      state = { version: state.version + 1, stock: next.stockAfter };
    }
  }

  private async copied(productId: ObjectId): Promise<StockState | null> {
    const product = await this.products.findOne({ _id: productId }, { projection: { stock: 1, stockVersion: 1 } });
    return product && { version: product.stockVersion ?? 0, stock: product.stock };
  }

  /**
   * Copies the newest state onto the product until a read confirms it (see the class comment): after a writer's own
   * append (`written`, copied at once), or after a write of the whole product that may have put an older copy back
   * (an edit, FerretDB writing documents back whole). The check reads the versions recorded after the copy: every
   * writer records its version before copying it, so the last one to check sees them all.
   */
  async sync(productId: ObjectId, written?: StockState): Promise<void> {
    if (written) await this.copy(productId, written);
    for (let round = 0; round < MAX_SYNC_ROUNDS; round += 1) {
      const copied = await this.copied(productId);
      if (!copied) return;
      const newest = await this.known(productId, copied);
      if (copied.version === newest.version && copied.stock === newest.stock) return;
      await this.copy(productId, newest);
    }
  }

  private async copy(productId: ObjectId, state: StockState): Promise<void> {
    await this.products.updateOne(
      { _id: productId, stockVersion: { $lte: state.version } },
      { $set: { stock: state.stock, stockVersion: state.version, ...changeStamp() } },
    );
  }
}
