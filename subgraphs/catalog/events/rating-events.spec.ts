import { randomUUID } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../../runtime/subgraph/start';
import { eventually as until, publishEvent } from '../../../test/support/events';
import { expectData, unique } from '../../../test/support/graphql';
import { startTestSubgraph } from '../../../test/support/subgraph';
import { asStaff } from '../../../test/support/tokens';
import { CREATE_PRODUCT } from '../catalog.test-support';
import type { CatalogProviders } from '../context';
import { catalogSubgraph } from '../subgraph';
import { newDomainEvent } from '../../../runtime/events/domain-event';
import { ratingChanged } from '../../../runtime/events/contracts';
import { applyRating } from './rating-events';

describe('the catalog keeps ratings from reviews.rating.changed events (RabbitMQ) for the RATING sort', () => {
  let catalog: StartedSubgraph<CatalogProviders>;
  beforeAll(async () => {
    catalog = await startTestSubgraph(catalogSubgraph);
  });
  afterAll(() => catalog?.stop());

  const publish = (data: Record<string, unknown>, occurredAt: Date) =>
    publishEvent({ id: randomUUID(), type: ratingChanged.type, occurredAt: occurredAt.toISOString(), data });
  const ratingOf = async (id: string) =>
    catalog.providers.products.collection.findOne({ _id: new ObjectId(id) }, { projection: { _id: 0, ratingAverage: 1, ratingCount: 1 } });

  it('applies a rating, ignores an older one arriving late and drops a malformed one', async () => {
    const staff = await asStaff();
    const id = (await expectData(catalog.url, CREATE_PRODUCT, { input: { name: unique('Rated Roses'), priceMinor: 2000 } }, staff)).createProduct.id;
    expect(await ratingOf(id)).toEqual({ ratingAverage: 0, ratingCount: 0 });
    const now = Date.now();
    await publish({ productId: id, average: 4.25, count: 4 }, new Date(now));
    await until(async () => (await ratingOf(id))?.ratingCount === 4);
    await publish({ productId: id, average: 1, count: 1 }, new Date(now - 60_000)); // older: ignored
    await publish({ productId: id, average: 'five', count: 1 }, new Date(now + 1_000)); // malformed: dropped
    // Events are handled one at a time in order: once a later one for another product is in, those two were handled.
    const flush = (await expectData(catalog.url, CREATE_PRODUCT, { input: { name: unique('Flush Tulips'), priceMinor: 900 } }, staff)).createProduct.id;
    await publish({ productId: flush, average: 5, count: 1 }, new Date(now));
    await until(async () => (await ratingOf(flush))?.ratingCount === 1);
    expect(await ratingOf(id)).toEqual({ ratingAverage: 4.25, ratingCount: 4 });
    await publish({ productId: id, average: null, count: 0 }, new Date(now + 2_000)); // all reviews removed
    await until(async () => (await ratingOf(id))?.ratingCount === 0);
    expect(await ratingOf(id)).toEqual({ ratingAverage: 0, ratingCount: 0 });
  });

  it("leaves the stored stock copy at the ledger's newest after a rating, also when the event comes again", async () => {
    const staff = await asStaff();
    const id = (await expectData(catalog.url, CREATE_PRODUCT, { input: { name: unique('Busy Lilies'), priceMinor: 1500, stock: 50 } }, staff)).createProduct.id;
    const productId = new ObjectId(id);
    for (let sale = 0; sale < 3; sale += 1) await catalog.providers.stock.adjust(productId, -1);
    const stockCopy = () => catalog.providers.products.collection.findOne({ _id: productId }, { projection: { _id: 0, stock: 1, stockVersion: 1 } });
    // What FerretDB's whole-document write of a rating that read the product before those sales leaves behind.
    const putBackOlderCopy = () => catalog.providers.products.collection.updateOne({ _id: productId }, { $set: { stock: 50, stockVersion: 0 } });
    const handle = applyRating(catalog.providers);
    const rating = { productId: id, average: 4, count: 1 };
    const event = newDomainEvent(ratingChanged.type, rating);

    await putBackOlderCopy();
    expect(await handle(rating, event)).toBe('applied');
    expect(await stockCopy()).toEqual({ stock: 47, stockVersion: 3 });
    // Redelivered after a stop between the rating's write and the copy's check: nothing to apply, the copy still checked.
    await putBackOlderCopy();
    expect(await handle(rating, event)).toBe('stale-or-unknown');
    expect(await stockCopy()).toEqual({ stock: 47, stockVersion: 3 });
  });
});
