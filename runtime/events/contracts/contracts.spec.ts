import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newDomainEvent } from '../domain-event';
import { MalformedEvent } from '../malformed-event';
import * as contracts from '.';
import { accountRegistered, byContract, eventOf, on, ORDER_EVENTS, orderCancelled, orderPlaced, readPayload, type EventContract } from '.';

const isContract = (value: unknown): value is EventContract => typeof value === 'object' && value !== null && 'payload' in value && 'type' in value;
// Each contract once (the order status changes are exported in ORDER_EVENTS only).
const every = [...new Set([...(Object.values(contracts) as unknown[]).filter(isContract), ...ORDER_EVENTS])];

describe('event contracts', () => {
  it('give every routing key one contract, with a version', () => {
    const types = every.map((contract) => contract.type);
    expect(new Set(types).size).toBe(types.length);
    expect(types).toEqual(
      expect.arrayContaining(['auth.account.registered', 'orders.order.placed', 'orders.order.preparing', 'reviews.rating.changed', 'users.profile.changed']),
    );
    for (const contract of every) expect(contract.version).toBeGreaterThanOrEqual(1);
  });

  it('parse a valid payload', () => {
    const accountId = randomUUID();
    const event = eventOf(accountRegistered, { accountId, email: 'Rosa@Example.com' });
    expect(event.type).toBe('auth.account.registered');
    expect(readPayload(accountRegistered, event)).toEqual({ accountId, email: 'Rosa@Example.com' });
    const placed = eventOf(orderPlaced, { orderId: randomUUID(), accountId, productIds: ['p-1'], lines: [{ productId: 'p-1', quantity: 2 }], cartId: null });
    expect(readPayload(orderPlaced, placed)).toMatchObject({ productIds: ['p-1'], cartId: null });
  });

  it('reject a malformed payload with a reason that names each wrong field', () => {
    const event = newDomainEvent('auth.account.registered', { email: 'not-an-email' });
    expect(() => readPayload(accountRegistered, event)).toThrow(MalformedEvent);
    expect(() => readPayload(accountRegistered, event)).toThrow(
      `auth.account.registered v1 ${event.id}: data.accountId: Invalid input: expected string, received undefined; data.email: must be an email address`,
    );
    const cancelled = newDomainEvent('orders.order.cancelled', { orderId: 'not-a-uuid', accountId: 'a', lines: [{ productId: '', quantity: 0 }] });
    expect(() => readPayload(orderCancelled, cancelled)).toThrow(
      /data\.orderId: must be a UUID; data\.lines\.0\.productId: must not be blank; data\.lines\.0\.quantity: /,
    );
  });
});

describe('byContract', () => {
  const seen: unknown[] = [];
  const consumer = byContract(
    on(accountRegistered, async (account) => {
      seen.push(account);
      return 'applied';
    }),
  );

  it('binds the contracts it handles and hands each handler its parsed payload', async () => {
    expect(consumer.bindings).toEqual(['auth.account.registered']);
    const accountId = randomUUID();
    expect(await consumer.handle(eventOf(accountRegistered, { accountId, email: 'lila@example.com' }))).toBe('applied');
    expect(seen).toEqual([{ accountId, email: 'lila@example.com' }]);
  });

  it('ignores other types, and refuses a malformed envelope or payload', async () => {
    expect(await consumer.handle(newDomainEvent('auth.account.renamed', {}))).toBe('ignored');
    const good = eventOf(accountRegistered, { accountId: randomUUID(), email: 'lila@example.com' });
    await expect(consumer.handle({ ...good, id: '' })).rejects.toThrow('auth.account.registered: the event id is missing or not valid');
    await expect(consumer.handle({ ...good, occurredAt: 'yesterday' })).rejects.toThrow(MalformedEvent);
    await expect(consumer.handle({ ...good, data: { accountId: good.data.accountId } })).rejects.toThrow(/data\.email/);
  });

  it('takes several contracts in one handler (every order event) and refuses a type handled twice', () => {
    expect(byContract(on(ORDER_EVENTS, async () => {})).bindings).toHaveLength(6);
    expect(() =>
      byContract(
        on(orderPlaced, async () => {}),
        on(ORDER_EVENTS, async () => {}),
      ),
    ).toThrow(/orders.order.placed is handled twice/);
  });
});
