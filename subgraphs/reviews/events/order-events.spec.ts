import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENTS_EXCHANGE, type DomainEvent } from '../../../runtime/events/domain-event';
import type { StartedSubgraph } from '../../../runtime/subgraph/start';
import { expectData, unique } from '../../../test/support/graphql';
import { stubCatalog } from '../../../test/support/catalog-stub';
import type { ScriptedSubgraph } from '../../../test/support/scripted-subgraph';
import { startTestSubgraph } from '../../../test/support/subgraph';
import { testEnv } from '../../../test/support/test-env';
import { asCustomer, asStaff } from '../../../test/support/tokens';
import type { ReviewsProviders } from '../context';
import { PurchaseStore } from '../store/purchase.store';
import { reviewsSubgraph } from '../subgraph';
import { orderDelivered } from '../../../runtime/events/contracts';
import { handleOrderEvent } from './order-events';
import { firstValue as until } from '../../../test/support/eventually';
import { MalformedEvent } from '../../../runtime/events/malformed-event';
import { testMongoClient } from '../../../test/support/mongo-client';

const delivered = (data: Record<string, unknown>, id = randomUUID()): DomainEvent => ({
  id,
  type: orderDelivered.type,
  occurredAt: new Date().toISOString(),
  data,
});

describe('verified purchases from orders.order.delivered', () => {
  const mongo = testMongoClient();
  let purchases: PurchaseStore;
  beforeAll(async () => {
    await mongo.connect();
    purchases = new PurchaseStore(mongo.db());
    await purchases.ensureIndexes();
  });
  afterAll(async () => {
    await mongo.close();
  });
  const isPurchase = async (accountId: string, productId: string) => (await purchases.purchasedAmong([{ accountId, productId }])).size === 1;

  describe('handleOrderEvent (against FerretDB)', () => {
    it('records each product of the order once, and a redelivery changes nothing', async () => {
      const accountId = randomUUID();
      const [a, b] = [unique('p'), unique('p')];
      const event = delivered({ orderId: unique('o'), accountId, productIds: [a, b, a] });
      expect(await handleOrderEvent(event, purchases)).toBe('applied');
      expect(await handleOrderEvent(event, purchases)).toBe('duplicate');
      expect(await mongo.db().collection('purchases').countDocuments({ accountId })).toBe(2);
      expect(await isPurchase(accountId, a)).toBe(true);
      expect(await isPurchase(randomUUID(), a)).toBe(false);
      // Another order with the same product: a new event, the purchase is kept once.
      expect(await handleOrderEvent(delivered({ orderId: unique('o'), accountId, productIds: [a] }), purchases)).toBe('applied');
      expect(await mongo.db().collection('purchases').countDocuments({ accountId })).toBe(2);
    });

    it('applies concurrent redeliveries of one event as one', async () => {
      const accountId = randomUUID();
      const event = delivered({ orderId: unique('o'), accountId, productIds: [unique('p'), unique('p')] });
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => handleOrderEvent(event, purchases)));
      expect(outcomes.filter((outcome) => outcome === 'applied').length).toBeGreaterThanOrEqual(1);
      expect(await mongo.db().collection('purchases').countDocuments({ accountId })).toBe(2);
      expect(
        await mongo
          .db()
          .collection('processed_events')
          .countDocuments({ _id: event.id as never }),
      ).toBe(1);
    });

    it('ignores other event types and rejects malformed ones as MalformedEvent, writing nothing', async () => {
      expect(await handleOrderEvent({ ...delivered({}), type: 'orders.order.placed' }, purchases)).toBe('ignored');
      const accountId = randomUUID();
      for (const data of [
        { accountId, productIds: ['p'] },
        { orderId: 'o', productIds: ['p'] },
        { orderId: 'o', accountId, productIds: [] },
        { orderId: 'o', accountId, productIds: 'p' },
        { orderId: 'o', accountId, productIds: ['p', ''] },
        { orderId: 'o', accountId, productIds: ['x'.repeat(65)] },
      ]) {
        await expect(handleOrderEvent(delivered(data), purchases), JSON.stringify(data)).rejects.toBeInstanceOf(MalformedEvent);
      }
      expect(await mongo.db().collection('purchases').countDocuments({ accountId })).toBe(0);
    });
  });

  describe('through RabbitMQ into Review.verifiedPurchase', () => {
    let reviews: StartedSubgraph<ReviewsProviders>;
    let catalog: ScriptedSubgraph;
    let broker: ChannelModel;
    beforeAll(async () => {
      catalog = await stubCatalog();
      reviews = await startTestSubgraph(reviewsSubgraph, { CATALOG_URL: catalog.url });
      broker = await connect(testEnv.RABBITMQ_URL);
    });
    afterAll(async () => {
      await broker?.close();
      await reviews?.stop();
      await catalog?.stop();
    });

    async function publish(event: DomainEvent) {
      const channel = await broker.createConfirmChannel();
      channel.publish(EVENTS_EXCHANGE, event.type, Buffer.from(JSON.stringify(event)), { persistent: true, messageId: event.id, type: event.type });
      await channel.waitForConfirms();
      await channel.close();
    }

    it('marks the reviews of delivered products as verified, for their buyer only, batched per page', async () => {
      const [buyer, other] = [randomUUID(), randomUUID()];
      const [bought, notBought] = [unique('p'), unique('p')];
      const submit = async (accountId: string, productId: string) =>
        (
          await expectData(
            reviews.url,
            'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id verifiedPurchase } }',
            {
              input: { productId, rating: 5, title: 'Lovely', body: 'Fresh.' },
            },
            await asCustomer(accountId),
          )
        ).submitReview;
      const ids = [await submit(buyer, bought), await submit(buyer, notBought), await submit(other, bought)];
      expect(ids.map((review) => review.verifiedPurchase)).toEqual([false, false, false]); // submitted before the delivery
      await publish(delivered({ orderId: unique('o'), accountId: buyer, productIds: [bought] }));
      const staff = await asStaff();
      const read = async () =>
        (
          await expectData(
            reviews.url,
            'query($r: [_Any!]!) { _entities(representations: $r) { ... on Review { verifiedPurchase } } }',
            {
              r: ids.map((review) => ({ __typename: 'Review', id: review.id })),
            },
            staff,
          )
        )._entities.map((review: { verifiedPurchase: boolean }) => review.verifiedPurchase);
      await until(async () => ((await read())[0] ? true : null));
      const purchasedAmong = vi.spyOn(reviews.providers.purchases, 'purchasedAmong');
      expect(await read()).toEqual([true, false, false]);
      expect(purchasedAmong).toHaveBeenCalledTimes(1);
      purchasedAmong.mockRestore();
    });
  });
});
