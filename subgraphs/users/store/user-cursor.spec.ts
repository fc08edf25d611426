import { describe, expect, it } from 'vitest';
import { decodeUserCursor, encodeUserCursor } from './user-cursor';

describe('user listing cursors', () => {
  it('round-trip a position, ids with colons and non-ASCII characters included', () => {
    for (const position of [
      { createdAt: new Date('2026-01-02T03:04:05.678Z'), id: '5f0c8a8e-1c1e-4a57-9a43-1e1d0e9d2f10' },
      { createdAt: new Date(0), id: 'a:b:c' },
      { createdAt: new Date(1_700_000_000_123), id: 'ñandú-🌷' },
    ]) {
      const cursor = encodeUserCursor(position);
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{11}$/);
      expect(decodeUserCursor(cursor)).toEqual(position);
    }
  });

  it('refuse any edit with BAD_USER_INPUT on `after`', () => {
    const cursor = encodeUserCursor({ createdAt: new Date(1_700_000_000_000), id: 'abc' });
    const edits = [...cursor].map((char, i) => cursor.slice(0, i) + (char === 'A' ? 'B' : 'A') + cursor.slice(i + 1));
    for (const edited of [...edits, cursor + 'x', cursor.slice(1), '', '.']) {
      expect(() => decodeUserCursor(edited), edited).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } }));
    }
  });
});
