import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, timePositionCursor, timePositionOf } from './cursor';

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

describe('time-and-id positions', () => {
  const isUuid = (id: string) => /^[0-9a-f-]{36}$/.test(id);
  const position = { at: new Date('2026-12-01T10:00:00.123Z'), id: '0b0c6e2e-94b5-4c53-9a35-5a3c6f3d4e1f' };

  it('round-trip, to the millisecond', () => {
    expect(timePositionOf(timePositionCursor(position), isUuid)).toEqual(position);
  });

  it('refuse a cursor of another shape, an impossible time, or an id the listing never has, naming the field', () => {
    for (const bad of [
      encodeCursor({ createdAt: '2026-12-01', id: position.id }),
      encodeCursor({ t: 8.64e15 + 1, i: position.id }),
      timePositionCursor({ ...position, id: "1' OR 1=1" }),
    ]) {
      expect(() => timePositionOf(bad, isUuid, 'after')).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } }));
    }
  });
});
