import type { Collection, Db, ObjectId } from 'mongodb';
import { DomainError, outOfStock } from '../../../runtime/errors';
import { insertUnlessPresent } from '../../../runtime/stores/mongo';
import type { StockTransition } from './catalog-writes';
import type { ProductDocument, StockLedgerDocument } from './product.document';
import type { StockStore } from './stock.store';

export interface ReservationLine {
  productId: ObjectId;
  quantity: number;
}

/** The lines the first reserve of an id asked for, in product order. */
interface ReservationRecord {
  _id: string;
  lines: ReservationLine[];
  createdAt: Date;
}

const reserveEntryId = (reservationId: string, productId: ObjectId) => `reserve:${reservationId}:${productId.toHexString()}`;
const releaseEntryId = (reservationId: string, productId: ObjectId) => `release:${reservationId}:${productId.toHexString()}`;
const isRelease = (entry: StockLedgerDocument) => entry.delta > 0;
const linesKey = (lines: ReservationLine[]) => lines.map((line) => `${line.productId.toHexString()}x${line.quantity}`).join(',');
const byProduct = <T extends { productId: ObjectId }>(a: T, b: T) => a.productId.toHexString().localeCompare(b.productId.toHexString());

/**
 * Stock held for a checkout (the orders service uses the order id as reservation id), on the stock ledger:
 * a line's reserve entry `reserve:<reservationId>:<productId>` takes the units and its release entry
 * `release:<reservationId>:<productId>` gives them back. Their `_id`s are deterministic, so writing an entry is
 * both the stock change and the claim that it happened: each is written once at most, whoever asks how often.
 *
 * A reservation id is single-use: once it was released (cancelled, rolled back by a failed reserve, or given up
 * by the orders service before its reserve even arrived) it cannot be reserved again. A release first leaves a
 * closure (`stock_reservation_closures`, `_id` the reservation id) and a reserve checks for one after taking its
 * lines: whichever comes second sees the other, so a reserve that lands after its release (a slow or retried
 * call the orders service gave up on) gives its lines back instead of holding them for ever.
 *
 * Before taking anything, the first reserve records the id's lines (`stock_reservations`, `_id` the reservation
 * id): a later one must ask for the same, and a release finds the reservation's entries from it by `_id` (FerretDB
 * answers a query by `reservationId` by scanning the whole ledger). A reservation without a record has no entries,
 * unless a version that kept none made it: those are looked for in the ledger.
 */
export class StockReservations {
  private readonly closures: Collection<{ _id: string; closedAt: Date }>;
  private readonly records: Collection<ReservationRecord>;

  constructor(
    private readonly stock: StockStore,
    private readonly products: Collection<ProductDocument>,
    db: Db,
  ) {
    this.closures = db.collection('stock_reservation_closures');
    this.records = db.collection('stock_reservations');
  }

  /**
   * Takes every line or none: lines go in product order; when one fails (NOT_FOUND, PRODUCT_UNAVAILABLE,
   * OUT_OF_STOCK with `productId` and `available`) those already taken are released and the error thrown.
   * Asking again with the same id and lines after a success changes nothing and succeeds. Every stock change it
   * made (a failed reservation's takes and their give-backs included) is added to `transitions`.
   */
  async reserve(reservationId: string, lines: ReservationLine[], transitions: StockTransition[] = []): Promise<void> {
    const indexed = lines.map((line, index) => ({ ...line, index })).sort(byProduct);
    await this.recordLines(reservationId, indexed);
    try {
      for (const line of indexed) await this.reserveLine(reservationId, line, transitions);
      // A release may have come meanwhile (the caller gave up), or a concurrent call with this id failed and rolled
      // back: either left its closure before giving anything back.
      if (await this.isClosed(reservationId)) throw released(reservationId);
    } catch (error) {
      await this.release(reservationId, transitions);
      throw error;
    }
  }

  /**
   * Gives back every line of the reservation not given back yet; how many lines this call gave back (0 for an
   * unknown id). The stock changes it made are added to `transitions`.
   */
  async release(reservationId: string, transitions: StockTransition[] = []): Promise<number> {
    // Before looking at the entries: a reserve still under way sees this and gives back what it took.
    await insertUnlessPresent(this.closures, { _id: reservationId, closedAt: new Date() });
    const entries = await this.entriesOf(reservationId);
    const releasedProducts = new Set(entries.filter(isRelease).map((entry) => entry.productId.toHexString()));
    let count = 0;
    for (const entry of entries.filter((entry) => !isRelease(entry)).sort(byProduct)) {
      if (releasedProducts.has(entry.productId.toHexString())) continue;
      const result = await this.stock.append(entry.productId, -entry.delta, { id: releaseEntryId(reservationId, entry.productId), reservationId });
      if (result.outcome === 'appended') {
        count += 1;
        transitions.push(result.transition);
      }
    }
    return count;
  }

  /** The stock changes every give-back of the reservation made, whichever call made them (the ledger keeps them). */
  async releaseTransitions(reservationId: string): Promise<StockTransition[]> {
    const entries = await this.entriesOf(reservationId);
    return entries
      .filter(isRelease)
      .map((entry) => ({ productId: entry.productId, version: entry.version, before: entry.stockAfter - entry.delta, after: entry.stockAfter }));
  }

  /** A used id is only good for asking again for exactly what it holds; released is released for good. */
  private async recordLines(reservationId: string, lines: ReservationLine[]): Promise<void> {
    // A closure from a release that came first is also found after the lines are taken (see reserve).
    if (await this.isClosed(reservationId)) throw released(reservationId);
    const record: ReservationRecord = { _id: reservationId, lines: lines.map(({ productId, quantity }) => ({ productId, quantity })), createdAt: new Date() };
    if (await insertUnlessPresent(this.records, record)) return;
    const recorded = await this.records.findOne({ _id: reservationId });
    if (!recorded || linesKey(recorded.lines) !== linesKey(record.lines)) {
      throw new DomainError('CONFLICT', `Reservation ${reservationId} already holds other lines`, { field: 'lines' });
    }
  }

  /** The reservation's ledger entries, reserve and release ones (see the class comment). */
  private async entriesOf(reservationId: string): Promise<StockLedgerDocument[]> {
    const record = await this.records.findOne({ _id: reservationId });
    if (!record) return this.stock.reservationEntries(reservationId);
    const ids = record.lines.flatMap((line) => [reserveEntryId(reservationId, line.productId), releaseEntryId(reservationId, line.productId)]);
    const entries = await Promise.all(ids.map((id) => this.stock.entry(id)));
    return entries.filter((entry): entry is StockLedgerDocument => entry !== null);
  }

  private async isClosed(reservationId: string): Promise<boolean> {
    return (await this.closures.findOne({ _id: reservationId }, { projection: { _id: 1 } })) !== null;
  }

  private async reserveLine(reservationId: string, line: ReservationLine & { index: number }, transitions: StockTransition[]): Promise<void> {
    const claim = { id: reserveEntryId(reservationId, line.productId), reservationId };
    const productId = line.productId.toHexString();
    const product = await this.products.findOne({ _id: line.productId }, { projection: { active: 1, stock: 1, stockVersion: 1 } });
    // A product archived (or gone) after it was reserved must not fail asking again for the same reservation.
    if (!product?.active && (await this.stock.hasEntry(claim.id))) return;
    if (!product) throw new DomainError('NOT_FOUND', `Product ${productId} was not found`, { field: `lines.${line.index}.productId`, productId });
    if (!product.active) {
      throw new DomainError('PRODUCT_UNAVAILABLE', `Product ${productId} is not sold any more`, { field: `lines.${line.index}.productId`, productId });
    }
    const result = await this.stock.append(line.productId, -line.quantity, claim, { version: product.stockVersion ?? 0, stock: product.stock });
    if (result.outcome === 'short') {
      throw outOfStock({ available: result.available, field: `lines.${line.index}.quantity`, productId });
    }
    // Asked again, the change is reported again: the call that made it may never have answered (see StockStore.append).
    transitions.push(result.transition);
  }
}

const released = (reservationId: string) =>
  new DomainError('CONFLICT', `Reservation ${reservationId} was released; reserve under a new id`, { field: 'reservationId' });
