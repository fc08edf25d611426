import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import type { StartedSubgraph } from '../../../runtime/subgraph/start';
import { eventually, publishEvent as publish } from '../../../test/support/events';
import { startTestSubgraph } from '../../../test/support/subgraph';
import { testEnv } from '../../../test/support/test-env';
import type { CartProviders } from '../context';
import { cartSubgraph } from '../subgraph';
import { orderPlaced } from '../../../runtime/events/contracts';

describe('the cart lets go of checked-out lines on orders.order.placed (Redis, RabbitMQ)', () => {
  let cart: StartedSubgraph<CartProviders>;
  beforeAll(async () => {
    cart = await startTestSubgraph(cartSubgraph);
  });
  afterAll(() => cart?.stop());

  const placed = (cartId: string, accountId: string, lines: Array<{ productId: string; quantity: number }>): DomainEvent => ({
    id: randomUUID(),
    type: orderPlaced.type,
    occurredAt: new Date().toISOString(),
    data: {
      orderId: randomUUID(),
      accountId,
      status: 'PENDING',
      previousStatus: null,
      sequence: 1,
      cartId,
      lines,
      productIds: lines.map((line) => line.productId),
    },
  });
  const linesOf = async (cartId: string) => {
    const [found] = await cart.providers.carts.findByIds([cartId]);
    return Object.fromEntries(found.lines.map((line) => [line.productId, line.quantity]));
  };
  const cartWith = async (accountId: string, lines: Record<string, number>) => {
    const created = await cart.providers.carts.create(accountId);
    for (const [productId, quantity] of Object.entries(lines)) await cart.providers.carts.setLine(created, productId, quantity);
    return created;
  };

  it("removes the ordered lines once; a redelivery does not remove a line added again; other accounts' carts stay as they are", async () => {
    const accountId = randomUUID();
    const [roses, tulips, vase] = ['roses', 'tulips', 'vase'].map((name) => `${name}-${randomUUID().slice(0, 8)}`);
    const mine = await cartWith(accountId, { [roses]: 2, [tulips]: 1, [vase]: 1 });
    const someoneElses = await cartWith(randomUUID(), { [roses]: 3, [tulips]: 4 });

    const event = placed(mine.id, accountId, [
      { productId: roses, quantity: 2 },
      { productId: tulips, quantity: 1 },
    ]);
    await publish(event);
    await eventually(async () => Object.keys(await linesOf(mine.id)).length === 1);
    expect(await linesOf(mine.id)).toEqual({ [vase]: 1 });

    // The customer puts roses back in the cart; then the old event arrives again.
    await cart.providers.carts.setLine(mine, roses, 1);
    await publish(event);
    // Naming someone else's cart with this account removes nothing from it.
    await publish(placed(someoneElses.id, accountId, [{ productId: roses, quantity: 3 }]));
    // A later event handled means the two above were taken off the queue too.
    const flush = await cartWith(accountId, { [vase]: 1 });
    await publish(placed(flush.id, accountId, [{ productId: vase, quantity: 1 }]));
    await eventually(async () => Object.keys(await linesOf(flush.id)).length === 0);

    expect(await linesOf(mine.id)).toEqual({ [roses]: 1, [vase]: 1 });
    expect(await linesOf(someoneElses.id)).toEqual({ [roses]: 3, [tulips]: 4 });
  });

  it('leaves a guest cart alone, and drops a malformed event', async () => {
    const accountId = randomUUID();
    const guest = await cart.providers.carts.create(null);
    await cart.providers.carts.setLine(guest, 'lily', 2);
    expect(await cart.providers.carts.removeOrdered(randomUUID(), guest.id, accountId, ['lily'])).toEqual({ status: 'not-owner' });
    await publish({ ...placed(guest.id, accountId, []), data: { accountId, cartId: guest.id, lines: 'lily' } });
    const flush = await cartWith(accountId, { lily: 1 });
    await publish(placed(flush.id, accountId, [{ productId: 'lily', quantity: 1 }]));
    await eventually(async () => Object.keys(await linesOf(flush.id)).length === 0);
    expect(await linesOf(guest.id)).toEqual({ lily: 2 });
  });

  it('keeps the record of an applied event EVENTS_DEDUP_RETENTION_SECONDS (14 days by default), then Redis lets it go', async () => {
    const accountId = randomUUID();
    const mine = await cartWith(accountId, { peony: 1 });
    const event = placed(mine.id, accountId, [{ productId: 'peony', quantity: 1 }]);
    await publish(event);
    await eventually(async () => Object.keys(await linesOf(mine.id)).length === 0);
    const redis = new Redis(testEnv.REDIS_URL);
    try {
      const ttl = await redis.ttl(`cart-order-event:${event.id}`);
      expect(ttl).toBeGreaterThan(14 * 86_400 - 120);
      expect(ttl).toBeLessThanOrEqual(14 * 86_400);
    } finally {
      redis.disconnect();
    }
  });
});
