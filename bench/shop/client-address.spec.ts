import { describe, expect, it } from 'vitest';
import { shopperAddress } from './client-address';

describe('shopperAddress', () => {
  it('gives every shopper its own loopback address, never the harness 127.0.0.1', () => {
    const addresses = Array.from({ length: 1000 }, (_, index) => shopperAddress(index));
    expect(new Set(addresses).size).toBe(1000);
    expect(addresses).not.toContain('127.0.0.1');
    expect(addresses.slice(0, 2)).toEqual(['127.0.1.1', '127.0.1.2']);
    expect(addresses[250]).toBe('127.0.2.1');
    for (const address of addresses) expect(address).toMatch(/^127\.0\.([1-9]\d{0,2})\.([1-9]\d{0,2})$/);
    expect(addresses.every((address) => address.split('.').every((part) => Number(part) < 255))).toBe(true);
  });

  it('refuses an index it has no address for', () => {
    expect(() => shopperAddress(-1)).toThrow(RangeError);
    expect(() => shopperAddress(62_500)).toThrow(RangeError);
  });
});
