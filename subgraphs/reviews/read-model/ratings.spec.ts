import { randomUUID } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../../runtime/subgraph/start';
import { lastRead } from '../../../test/support/eventually';
import { expectData, unique } from '../../../test/support/graphql';
import { stubCatalog } from '../../../test/support/catalog-stub';
import type { ScriptedSubgraph } from '../../../test/support/scripted-subgraph';
import { startTestSubgraph } from '../../../test/support/subgraph';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy';
import { testEnv } from '../../../test/support/test-env';
import { asCustomer, asStaff } from '../../../test/support/tokens';
import type { ReviewsProviders } from '../context';
import { ReviewStatus } from '../entities/review-status';
import { reviewsSubgraph } from '../subgraph';
import { testMongoClient } from '../../../test/support/mongo-client';

const SUBMIT = `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }`;
const APPROVE = `mutation($id: ID!) { approveReview(id: $id) { id } }`;
const RATING = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { rating { average count } } } }`;

describe('ratings in memory across reviews replicas', () => {
  let first: StartedSubgraph<ReviewsProviders>;
  /** Reloads every 30 s (the default): within a test it can only learn of a change from the event. */
  let follower: StartedSubgraph<ReviewsProviders>;
  let reloader: StartedSubgraph<ReviewsProviders>;
  /** Reaches RabbitMQ through a relay the tests cut, and never reloads within a test. */
  let away: StartedSubgraph<ReviewsProviders>;
  let broker: TcpProxy;
  let catalog: ScriptedSubgraph;
  const mongo = testMongoClient();
  beforeAll(async () => {
    catalog = await stubCatalog();
    first = await startTestSubgraph(reviewsSubgraph, { CATALOG_URL: catalog.url });
    follower = await startTestSubgraph(reviewsSubgraph, { CATALOG_URL: catalog.url });
    reloader = await startTestSubgraph(reviewsSubgraph, { REVIEWS_RATINGS_RELOAD_MS: '300', CATALOG_URL: catalog.url });
    broker = await startTcpProxy(testEnv.RABBITMQ_URL);
    away = await startTestSubgraph(reviewsSubgraph, { RABBITMQ_URL: broker.url, REVIEWS_RATINGS_RELOAD_MS: '3600000', CATALOG_URL: catalog.url });
    await mongo.connect();
  });
  afterAll(async () => {
    await Promise.all([first?.stop(), follower?.stop(), reloader?.stop(), away?.stop()]);
    await broker?.down();
    await catalog?.stop();
    await mongo.close();
  });

  const ratingOn = async (url: string, productId: string) =>
    (await expectData(url, RATING, { r: [{ __typename: 'Product', id: productId }] }))._entities[0].rating;

  it('a replica follows an approval made on another one (its reviews.rating.changed)', async () => {
    const productId = unique('rated');
    const { submitReview } = await expectData(
      first.url,
      SUBMIT,
      { input: { productId, rating: 4, title: 'Fresh', body: 'Lasted two weeks.' } },
      await asCustomer(),
    );
    await expectData(first.url, APPROVE, { id: submitReview.id }, await asStaff());
    expect(await ratingOn(first.url, productId)).toEqual({ average: 4, count: 1 });
    expect(
      await lastRead(
        () => ratingOn(follower.url, productId),
        (rating) => rating.count === 1,
      ),
    ).toEqual({ average: 4, count: 1 });
  });

  it('a replica cut off from the broker applies the changes announced meanwhile once it is back', async () => {
    const productId = unique('patient');
    // One review per customer and product: each from a customer of its own.
    const review = async (rating: number) =>
      (await expectData(first.url, SUBMIT, { input: { productId, rating, title: 'Roses', body: 'As pictured.' } }, await asCustomer())).submitReview
        .id as string;
    const approveOn = async (id: string) => expectData(first.url, APPROVE, { id }, await asStaff());
    await approveOn(await review(5));
    await lastRead(
      () => ratingOn(away.url, productId),
      (rating) => rating.count === 1,
    );
    await broker.down();
    await approveOn(await review(3));
    expect(await ratingOn(away.url, productId)).toEqual({ average: 5, count: 1 });
    await broker.up();
    expect(
      await lastRead(
        () => ratingOn(away.url, productId),
        (rating) => rating.count === 2,
        20_000,
      ),
    ).toEqual({ average: 4, count: 2 });
  });

  it('a change no event announced (written straight to the store) is read again by the periodic reload', async () => {
    const productId = unique('quiet');
    const now = new Date();
    await mongo.db().collection('reviews').insertOne({
      _id: new ObjectId(),
      productId,
      authorId: randomUUID(),
      rating: 2,
      title: 'Meh',
      body: 'Wilted early.',
      status: ReviewStatus.APPROVED,
      rejectionReason: null,
      createdAt: now,
      updatedAt: now,
    });
    expect(
      await lastRead(
        () => ratingOn(reloader.url, productId),
        (rating) => rating.count === 1,
      ),
    ).toEqual({ average: 2, count: 1 });
  });
});
