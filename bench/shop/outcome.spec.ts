import { describe, expect, it } from 'vitest';
import { errorCodes, outcomeOf, type Exchange } from './outcome';

const exchange = (fields: Partial<Exchange>): Exchange => ({ status: 200, retryAfter: false, codes: [], ms: 10, ...fields });

describe('outcomeOf', () => {
  it('tells an answer, a business refusal and a capacity failure apart', () => {
    expect(outcomeOf(exchange({}))).toEqual({ label: 'ok', refused: false, capacityFailure: false });
    expect(outcomeOf(exchange({ codes: ['OUT_OF_STOCK'] }))).toEqual({ label: 'GraphQL errors', refused: false, capacityFailure: false });
    expect(outcomeOf(exchange({ codes: ['SUBGRAPH_UNAVAILABLE'] }))).toEqual({ label: 'GraphQL errors', refused: false, capacityFailure: true });
  });

  it('counts 429 and 503 as refusals, with or without Retry-After', () => {
    expect(outcomeOf(exchange({ status: 503, retryAfter: true }))).toEqual({ label: 'HTTP 503 with Retry-After', refused: true, capacityFailure: true });
    expect(outcomeOf(exchange({ status: 429, retryAfter: false, codes: ['TOO_MANY_ATTEMPTS'] }))).toEqual({
      label: 'HTTP 429 without Retry-After',
      refused: true,
      capacityFailure: true,
    });
  });

  it('counts no answer and server errors as capacity failures, a bad request not', () => {
    expect(outcomeOf(exchange({ status: 0, failure: 'timeout' }))).toEqual({ label: 'timeout', refused: false, capacityFailure: true });
    expect(outcomeOf(exchange({ status: 0, failure: 'socket error' })).capacityFailure).toBe(true);
    expect(outcomeOf(exchange({ status: 502 }))).toEqual({ label: 'HTTP 502', refused: false, capacityFailure: true });
    expect(outcomeOf(exchange({ status: 400, codes: ['BAD_USER_INPUT'] }))).toEqual({ label: 'HTTP 400', refused: false, capacityFailure: false });
  });
});

describe('errorCodes', () => {
  it('lists each code once, and errors without one as NO_CODE', () => {
    expect(errorCodes([{ extensions: { code: 'OUT_OF_STOCK' } }, { extensions: { code: 'OUT_OF_STOCK' } }, {}])).toEqual(['OUT_OF_STOCK', 'NO_CODE']);
    expect(errorCodes(undefined)).toEqual([]);
  });
});
