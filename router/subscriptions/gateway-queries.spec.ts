import { describe, expect, it } from 'vitest';
import { nextPayload } from './gateway-queries';

describe('nextPayload', () => {
  it("puts the order under the subscriber's response key, and points the gateway's errors into it", () => {
    const hydrated = {
      order: { id: 'o-1', lines: [{ product: null }] },
      errors: [{ message: 'Subgraph "catalog" is unavailable', path: ['order', 'lines', 0, 'product'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'catalog' } }],
    };
    expect(JSON.parse(nextPayload(hydrated, 'changed'))).toEqual({
      data: { changed: { id: 'o-1', lines: [{ product: null }] } },
      errors: [{ message: 'Subgraph "catalog" is unavailable', path: ['changed', 'lines', 0, 'product'], extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'catalog' } }],
    });
    expect(JSON.parse(nextPayload({ order: { id: 'o-1' } }, 'orderUpdates'))).toEqual({ data: { orderUpdates: { id: 'o-1' } } });
  });
});
