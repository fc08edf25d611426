import { describe, expect, it } from 'vitest';
import { assertTransition, NEXT_STATUSES } from './ticket-lifecycle';
import { TicketStatus } from '../entities/ticket-status';

describe('ticket lifecycle table', () => {
  it('allows exactly the documented moves', () => {
    const allowed = Object.entries(NEXT_STATUSES).flatMap(([from, to]) => to.map((status) => `${from}→${status}`));
    expect(allowed.sort()).toEqual(['IN_PROGRESS→RESOLVED', 'OPEN→CLOSED', 'OPEN→IN_PROGRESS', 'RESOLVED→CLOSED', 'RESOLVED→IN_PROGRESS']);
  });

  it('throws INVALID_TRANSITION for anything else, CLOSED included', () => {
    for (const from of Object.values(TicketStatus)) {
      for (const to of Object.values(TicketStatus)) {
        if (NEXT_STATUSES[from].includes(to)) expect(() => assertTransition(from, to)).not.toThrow();
        else
          expect(() => assertTransition(from, to), `${from}→${to}`).toThrow(
            expect.objectContaining({ extensions: expect.objectContaining({ code: 'INVALID_TRANSITION' }) }),
          );
      }
    }
  });
});
