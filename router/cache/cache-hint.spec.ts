import { describe, expect, it } from 'vitest';
import { cacheHintOf } from './cache-hint';

describe('reading a Cache-Control header', () => {
  it('reads max-age and scope, and treats anything uncacheable as max-age 0', () => {
    expect(cacheHintOf('max-age=300, public')).toEqual({ maxAge: 300, scope: 'PUBLIC' });
    expect(cacheHintOf('Max-Age=60, Private')).toEqual({ maxAge: 60, scope: 'PRIVATE' });
    expect(cacheHintOf('private, no-store, max-age=60')).toEqual({ maxAge: 0, scope: 'PRIVATE' });
    expect(cacheHintOf('max-age=abc')).toEqual({ maxAge: 0, scope: 'PUBLIC' });
    expect(cacheHintOf(null)).toEqual({ maxAge: 0, scope: 'PUBLIC' });
    expect(cacheHintOf('')).toEqual({ maxAge: 0, scope: 'PUBLIC' });
  });

  it('gives the same answer for a header read again, which no caller can change', () => {
    const first = cacheHintOf('max-age=120, private');
    expect(() => ((first as { maxAge: number }).maxAge = 999_999)).toThrow(TypeError);
    expect(cacheHintOf('max-age=120, private')).toEqual({ maxAge: 120, scope: 'PRIVATE' });
  });

  it('still reads every header right past the number it remembers', () => {
    for (let seconds = 1; seconds <= 600; seconds += 1) expect(cacheHintOf(`max-age=${seconds}, public`).maxAge).toBe(seconds);
    expect(cacheHintOf('max-age=1, public')).toEqual({ maxAge: 1, scope: 'PUBLIC' });
  });
});
