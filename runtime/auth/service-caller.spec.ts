import { describe, expect, it } from 'vitest';
import { SERVICE_CALLER_HEADER, serviceCallerHeaders, verifiedServiceCaller } from './service-caller';

describe('a service calling another as itself', () => {
  const secret = 'router-and-subgraphs-only-secret-32+';
  const now = Date.UTC(2025, 4, 1, 12, 0, 0);

  it('is recognised when signed with the shared secret within a minute either way', () => {
    expect(verifiedServiceCaller(serviceCallerHeaders('orders', secret, now), secret, now)).toBe('orders');
    expect(verifiedServiceCaller(serviceCallerHeaders('orders', secret, now - 60_000), secret, now)).toBe('orders');
    expect(verifiedServiceCaller(serviceCallerHeaders('orders', secret, now + 60_000), secret, now)).toBe('orders');
  });

  it('is refused when signed with another secret', () => {
    expect(verifiedServiceCaller(serviceCallerHeaders('orders', 'a-guessed-secret-of-some-length!!', now), secret, now)).toBeNull();
  });

  it('is refused when the service name or the time was changed after signing', () => {
    const [, seconds, signature] = serviceCallerHeaders('cart', secret, now)[SERVICE_CALLER_HEADER].split('.');
    expect(verifiedServiceCaller({ [SERVICE_CALLER_HEADER]: `orders.${seconds}.${signature}` }, secret, now)).toBeNull();
    expect(verifiedServiceCaller({ [SERVICE_CALLER_HEADER]: `cart.${Number(seconds) + 1}.${signature}` }, secret, now)).toBeNull();
  });

  it('is refused when older or newer than a minute', () => {
    expect(verifiedServiceCaller(serviceCallerHeaders('orders', secret, now - 61_000), secret, now)).toBeNull();
    expect(verifiedServiceCaller(serviceCallerHeaders('orders', secret, now + 61_000), secret, now)).toBeNull();
  });

  it('is never recognised without a secret, nor from a missing, malformed or repeated header', () => {
    expect(verifiedServiceCaller(serviceCallerHeaders('orders', secret, now), undefined, now)).toBeNull();
    expect(verifiedServiceCaller({}, secret, now)).toBeNull();
    expect(verifiedServiceCaller({ [SERVICE_CALLER_HEADER]: 'orders' }, secret, now)).toBeNull();
    const value = serviceCallerHeaders('orders', secret, now)[SERVICE_CALLER_HEADER];
    expect(verifiedServiceCaller({ [SERVICE_CALLER_HEADER]: `${value}.extra` }, secret, now)).toBeNull();
    expect(verifiedServiceCaller({ [SERVICE_CALLER_HEADER]: [value, value] }, secret, now)).toBeNull();
  });

  it('cannot be made for a name the header could not carry', () => {
    expect(() => serviceCallerHeaders('orders.admin', secret, now)).toThrow(/not a service name/);
  });
});
