import { describe, expect, it } from 'vitest';
import { signClientAddress, trustedClientAddress } from './client-address';

describe('the forwarded client address', () => {
  const secret = 'router-and-subgraphs-only';

  it('is trusted when the router signed it', () => {
    const headers = { 'x-client-address': '203.0.113.7', 'x-client-address-signature': signClientAddress('203.0.113.7', secret) };
    expect(trustedClientAddress(headers, '127.0.0.1', secret)).toBe('203.0.113.7');
  });

  it('is ignored when forged, re-signed with another secret, or when no secret is configured', () => {
    const forged = { 'x-client-address': '198.51.100.1', 'x-client-address-signature': 'made-up' };
    expect(trustedClientAddress(forged, '127.0.0.1', secret)).toBe('127.0.0.1');
    const otherKey = { 'x-client-address': '198.51.100.1', 'x-client-address-signature': signClientAddress('198.51.100.1', 'guess') };
    expect(trustedClientAddress(otherKey, '127.0.0.1', secret)).toBe('127.0.0.1');
    const signed = { 'x-client-address': '203.0.113.7', 'x-client-address-signature': signClientAddress('203.0.113.7', secret) };
    expect(trustedClientAddress(signed, '127.0.0.1', undefined)).toBe('127.0.0.1');
  });

  it('is signed alike every time, under each secret, however many addresses came between', () => {
    const first = signClientAddress('203.0.113.9', secret);
    for (let host = 0; host < 5_000; host += 1) signClientAddress(`10.0.${host >> 8}.${host & 255}`, secret);
    expect(signClientAddress('203.0.113.9', secret)).toBe(first);
    expect(signClientAddress('203.0.113.9', 'another-secret')).not.toBe(first);
    expect(signClientAddress('203.0.113.9', secret)).toBe(first);
    const headers = { 'x-client-address': '203.0.113.9', 'x-client-address-signature': first };
    expect(trustedClientAddress(headers, '127.0.0.1', secret)).toBe('203.0.113.9');
    expect(trustedClientAddress(headers, '127.0.0.1', 'another-secret')).toBe('127.0.0.1');
  });
});
