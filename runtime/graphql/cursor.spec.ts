import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

describe('opaque cursors', () => {
  it('round-trip a position', () => {
    const position = { createdAt: 1_700_000_000_000, id: 'p-1' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('refuse an edited, truncated or foreign cursor with BAD_USER_INPUT on the field', () => {
    const cursor = encodeCursor({ id: 'p-1' });
    const edited = `${Buffer.from('{"id":"p-2"}').toString('base64url')}.${cursor.split('.')[1]}`;
    for (const bad of [edited, cursor.slice(0, -1), 'abc', 'x'.repeat(500)]) {
      expect(() => decodeCursor(bad, 'after')).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } }));
    }
  });
});
