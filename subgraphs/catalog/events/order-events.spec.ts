import { randomUUID } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import type { StartedSubgraph } from '../../../runtime/subgraph/start';
import { captureEvents, eventually, publishEvent as publish } from '../../../test/support/events';
import { expectData, unique } from '../../../test/support/graphql';
import { startTestSubgraph } from '../../../test/support/subgraph';
import { asStaff } from '../../../test/support/tokens';
import { CREATE_PRODUCT } from '../catalog.test-support';
import type { CatalogProviders } from '../context';
import { catalogSubgraph } from '../subgraph';
import { orderCancelled, stockReleased } from '../../../runtime/events/contracts';

describe("the catalog gives a cancelled order's stock back on orders.order.cancelled (RabbitMQ)", () => {
  let catalog: StartedSubgraph<CatalogProviders>;
  beforeAll(async () => {
    catalog = await startTestSubgraph(catalogSubgraph);
  });
  afterAll(() => catalog?.stop());

  const cancelled = (orderId: string): DomainEvent => ({
    id: randomUUID(),
    type: orderCancelled.type,
    occurredAt: new Date().toISOString(),
    data: { orderId, accountId: randomUUID(), status: 'CANCELLED', previousStatus: 'PENDING' },
  });
  const stockOf = async (id: string) => (await catalog.providers.stock.current(new ObjectId(id))).stock;
  const releasesOf = async (reservationId: string) =>
    (await catalog.providers.stock.reservationEntries(reservationId)).filter((entry) => entry.delta > 0).length;

  it('releases the reservation once, however often the cancellation arrives, and announces the cache tags it changed', async () => {
    const announcements = await captureEvents([stockReleased.type]);
    const staff = await asStaff();
    const create = async (stock: number) =>
      (await expectData(catalog.url, CREATE_PRODUCT, { input: { name: unique('Cancelled Peony'), priceMinor: 3100, stock } }, staff)).createProduct
        .id as string;
    const [a, b] = [await create(4), await create(2)];
    const orderId = randomUUID();
    await catalog.providers.reservations.reserve(orderId, [
      { productId: new ObjectId(a), quantity: 3 },
      { productId: new ObjectId(b), quantity: 2 },
    ]);
    expect([await stockOf(a), await stockOf(b)]).toEqual([1, 0]);

    const event = cancelled(orderId);
    await publish(event);
    await publish(event); // redelivered: same event id
    await publish(cancelled(orderId)); // another cancellation event of the same order
    await eventually(async () => (await releasesOf(orderId)) === 2);

    // A later event handled means the three above were taken off the queue too: none may release more.
    const flush = randomUUID();
    await catalog.providers.reservations.reserve(flush, [{ productId: new ObjectId(a), quantity: 1 }]);
    await publish(cancelled(flush));
    await eventually(async () => (await releasesOf(flush)) === 1);
    expect([await stockOf(a), await stockOf(b)]).toEqual([4, 2]);
    expect(await releasesOf(orderId)).toBe(2);
    try {
      // b came back from zero: its level, its inStock and which products are in stock changed too; a only its count.
      const announced = await announcements.waitFor((event) => event.data.orderId === orderId && Array.isArray(event.data.cacheTags));
      expect([...(announced.data.cacheTags as string[])].sort()).toEqual(
        [`catalog:Product:${b}`, `catalog:Product:${a}:stock`, `catalog:Product:${b}:stock`, `catalog:Product:${b}:stockLevel`, 'catalog:ProductStock'].sort(),
      );
    } finally {
      await announcements.stop();
    }
  });
});
