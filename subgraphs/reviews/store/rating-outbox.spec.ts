import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterQueueOf, startConsumer, type RunningConsumer } from '../../../runtime/events/consumer';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import { createLogger } from '../../../runtime/logger';
import type { StartedSubgraph } from '../../../runtime/subgraph/start';
import { expectData, unique } from '../../../test/support/graphql';
import { stubCatalog } from '../../../test/support/catalog-stub';
import type { ScriptedSubgraph } from '../../../test/support/scripted-subgraph';
import { startTestSubgraph } from '../../../test/support/subgraph';
import { testEnv } from '../../../test/support/test-env';
import { asCustomer, asStaff } from '../../../test/support/tokens';
import type { ReviewsProviders } from '../context';
import { reviewsSubgraph } from '../subgraph';
import { ratingChanged } from '../../../runtime/events/contracts';
import { RatingOutbox } from './rating-outbox';
import { testMongoClient } from '../../../test/support/mongo-client';

const SUBMIT = `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }`;

describe('reviews.rating.changed through the MongoDB outbox and RabbitMQ', () => {
  let reviews: StartedSubgraph<ReviewsProviders>;
  let catalog: ScriptedSubgraph;
  let consumer: RunningConsumer;
  const queue = `test.reviews.${randomUUID()}`;
  const events: DomainEvent[] = [];
  const mongo = testMongoClient();
  let staff: Record<string, string>;

  beforeAll(async () => {
    await mongo.connect();
    consumer = await startConsumer({
      url: testEnv.RABBITMQ_URL,
      queue,
      bindings: [ratingChanged.type],
      handle: async (event) => void events.push(event),
      logger: createLogger('reviews-test', 'silent'),
    });
    catalog = await stubCatalog();
    reviews = await startTestSubgraph(reviewsSubgraph, { OUTBOX_POLL_INTERVAL_MS: '50', RATING_OUTBOX_UNCONFIRMED_AFTER_MS: '500', CATALOG_URL: catalog.url });
    staff = await asStaff();
  });
  afterAll(async () => {
    await reviews?.stop();
    await catalog?.stop();
    await consumer?.close();
    const connection = await connect(testEnv.RABBITMQ_URL);
    const channel = await connection.createChannel();
    await channel.deleteQueue(queue);
    await channel.deleteQueue(deadLetterQueueOf(queue));
    await connection.close();
    await mongo.close();
  });

  const of = (productId: string) => events.filter((event) => event.data.productId === productId);
  async function eventually(productId: string, count: number, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (of(productId).length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} events for ${productId}, got ${of(productId).length}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return of(productId);
  }
  const submit = async (productId: string, rating: number, headers?: Record<string, string>) =>
    (await expectData(reviews.url, SUBMIT, { input: { productId, rating, title: 'Nice', body: 'Fresh.' } }, headers ?? (await asCustomer()))).submitReview.id;
  const approve = (id: string) => expectData(reviews.url, 'mutation($id: ID!) { approveReview(id: $id) { id } }', { id }, staff);

  it('publishes the new rating on approval, edit and deletion of an approved review, not for pending ones', async () => {
    const productId = unique('p');
    const ana = await asCustomer();
    const first = await submit(productId, 4, ana);
    const second = await submit(productId, 2);
    await expectData(reviews.url, 'mutation($id: ID!, $r: String!) { rejectReview(id: $id, reason: $r) { id } }', { id: second, r: 'Spam' }, staff);
    await approve(first);
    const [approved] = await eventually(productId, 1);
    expect(approved).toMatchObject({ type: ratingChanged.type, data: { productId, average: 4, count: 1 } });
    expect(approved.id).toMatch(/^[0-9a-f-]{36}$/);
    await expectData(
      reviews.url,
      'mutation($id: ID!, $input: UpdateReviewInput!) { updateReview(id: $id, input: $input) { id } }',
      {
        id: first,
        input: { rating: 5, title: 'Even nicer', body: 'Still fresh.' },
      },
      ana,
    );
    expect((await eventually(productId, 2))[1].data).toMatchObject({ average: null, count: 0 });
    await approve(first);
    expect((await eventually(productId, 3))[2].data).toMatchObject({ average: 5, count: 1 });
    await expectData(reviews.url, 'mutation($id: ID!) { deleteReview(id: $id) }', { id: first }, ana);
    expect((await eventually(productId, 4))[3].data).toMatchObject({ average: null, count: 0 });
    // A rejected pending review never moved the rating: four events, all different, and the outbox is empty again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(new Set(of(productId).map((event) => event.id)).size).toBe(4);
    expect(await mongo.db().collection('rating_outbox').countDocuments({ productId })).toBe(0);
  });

  it('publishes a marker whose change was never confirmed (a crash) once it is old enough, with the rating of that time', async () => {
    const productId = unique('p');
    await approve(await submit(productId, 3));
    await eventually(productId, 1);
    // As if the process died between writing the marker and confirming it.
    await reviews.providers.ratingOutbox.open(productId, `crashed-${randomUUID()}`);
    const [, recovered] = await eventually(productId, 2);
    expect(recovered.data).toMatchObject({ productId, average: 3, count: 1 });
  });

  it('keeps a marker whose publication failed and publishes it again with the same event id (idempotent relay)', async () => {
    const outbox = new RatingOutbox(mongo.db(), async (ids) => ids.map(() => ({ average: 2, count: 1 })), 60_000);
    const productId = unique('p');
    const id = await outbox.open(productId, `manual-${randomUUID()}`);
    expect(await outbox.open(productId, id === '' ? 'x' : `manual-${id}`)).not.toBe(id);
    await outbox.confirm(id);
    const failing = await outbox.relayBatch(1_000, async (event) => {
      if (event.id === id) throw new Error('broker down');
    });
    expect(failing.failed).toBeGreaterThanOrEqual(1);
    expect(
      await mongo
        .db()
        .collection('rating_outbox')
        .findOne({ _id: id as never }),
    ).toMatchObject({ attempts: 1, ready: true });
    const published: DomainEvent[] = [];
    await outbox.relayBatch(1_000, async (event) => void published.push(event));
    expect(published.filter((event) => event.id === id)).toEqual([
      expect.objectContaining({ id, type: ratingChanged.type, data: expect.objectContaining({ productId, average: 2, count: 1 }) }),
    ]);
    expect(
      await mongo
        .db()
        .collection('rating_outbox')
        .countDocuments({ _id: id as never }),
    ).toBe(0);
  });

  it('derives the marker id from the change, so the same change written twice is one marker and one event', async () => {
    const outbox = new RatingOutbox(mongo.db(), async (ids) => ids.map(() => ({ average: null, count: 0 })));
    const productId = unique('p');
    const key = `review-x:${Date.now()}:APPROVED`;
    const [a, b] = await Promise.all([outbox.open(productId, key), outbox.open(productId, key)]);
    expect(a).toBe(b);
    expect(await mongo.db().collection('rating_outbox').countDocuments({ productId })).toBe(1);
    await mongo.db().collection('rating_outbox').deleteMany({ productId });
  });
});
