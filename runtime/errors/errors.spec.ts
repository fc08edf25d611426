import { describe, expect, it } from 'vitest';
import {
  batchTooLarge,
  DomainError,
  invalidTransition,
  isDomainError,
  notFound,
  outOfStock,
  publicExtensions,
  queryTooDeep,
  retryAfterSeconds,
  routerBusy,
  serviceUnavailable,
  subgraphBusy,
  tooManyAttempts,
} from '.';

describe('error factories', () => {
  it('invalidTransition: one shape for every object, with the names tickets used first', () => {
    const error = invalidTransition({ what: 'Order', id: 'o1', currentStatus: 'PENDING', requested: 'DELIVERED', allowed: ['CONFIRMED'], field: 'status' });
    expect(error.message).toBe('Order o1 is PENDING and cannot become DELIVERED');
    expect(error.extensions).toEqual({
      code: 'INVALID_TRANSITION',
      id: 'o1',
      currentStatus: 'PENDING',
      requested: 'DELIVERED',
      allowed: ['CONFIRMED'],
      from: 'PENDING',
      to: 'DELIVERED',
      field: 'status',
    });
    const anonymous = invalidTransition({ what: 'Ticket', currentStatus: 'CLOSED', requested: 'OPEN', allowed: [] });
    expect(anonymous.message).toBe('A ticket is CLOSED and cannot become OPEN');
    expect(anonymous.extensions).not.toHaveProperty('id');
    expect(anonymous.extensions).not.toHaveProperty('field');
  });

  it('retryAfterSeconds rounds a wait up to whole seconds, at least one', () => {
    expect([0, -5, 1, 999, 1000, 1001, 59_999].map(retryAfterSeconds)).toEqual([1, 1, 1, 1, 1, 2, 60]);
  });

  it('tooManyAttempts: a subgraph refusal stays in a 200 answer; the router names its limit and HTTP 429', () => {
    const signIns = tooManyAttempts({ what: 'Too many failed sign-ins', waitMs: 1500 });
    expect(signIns.message).toBe('Too many failed sign-ins; try again in 2 seconds');
    expect(signIns.extensions).toEqual({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 2 });
    const router = tooManyAttempts({ what: 'Too many queries', waitMs: 30_000, limit: 60 });
    expect(router.extensions).toEqual({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 30, limit: 60, http: { status: 429 } });
    expect(publicExtensions(router)).toEqual({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 30, limit: 60 });
  });

  it('the busy refusals say when to come back', () => {
    expect(routerBusy().extensions).toEqual({ code: 'ROUTER_BUSY', retryAfterSeconds: 1 });
    expect(subgraphBusy('catalog')).toMatchObject({
      message: 'Subgraph "catalog" is busy; try again shortly',
      extensions: { code: 'SUBGRAPH_BUSY', serviceName: 'catalog', retryAfterSeconds: 1 },
    });
  });

  it("the router's limits carry the measure, the limit and their status", () => {
    expect(queryTooDeep({ value: 7, limit: 4 })).toMatchObject({
      message: 'The operation nests fields 7 levels deep; the limit is 4',
      extensions: { code: 'QUERY_TOO_DEEP', value: 7, limit: 4, http: { status: 400 } },
    });
    expect(batchTooLarge({ value: 4, limit: 3 }).message).toBe('The batch has 4 operations; the limit is 3');
  });

  it('notFound, outOfStock and serviceUnavailable', () => {
    expect(notFound('Product', 'p1', 'productId')).toMatchObject({
      message: 'Product p1 was not found',
      extensions: { code: 'NOT_FOUND', field: 'productId', id: 'p1' },
    });
    expect(notFound('Cart', 'c1').extensions).toEqual({ code: 'NOT_FOUND', id: 'c1' });
    expect(outOfStock({ available: -2, field: 'quantity', quantityInCart: 1 })).toMatchObject({
      message: 'Only 0 left in stock',
      extensions: { code: 'OUT_OF_STOCK', field: 'quantity', available: 0, quantityInCart: 1 },
    });
    expect(outOfStock({ available: 3, field: 'lines.0.quantity', productId: 'p1' }).message).toBe('Only 3 of product p1 left in stock');
    expect(serviceUnavailable({ service: 'auth' })).toMatchObject({
      message: 'The auth service did not answer; try again shortly',
      extensions: { code: 'SERVICE_UNAVAILABLE', service: 'auth' },
    });
    expect(serviceUnavailable({ message: 'Not yet' }).extensions).toEqual({ code: 'SERVICE_UNAVAILABLE' });
  });

  it('isDomainError tells a typed error by its code', () => {
    const error = new DomainError('FORBIDDEN', 'no');
    expect(error.code).toBe('FORBIDDEN');
    expect(isDomainError(error, 'FORBIDDEN')).toBe(true);
    expect(isDomainError(error, 'NOT_FOUND')).toBe(false);
    expect(isDomainError(new Error('no'), 'FORBIDDEN')).toBe(false);
  });
});
