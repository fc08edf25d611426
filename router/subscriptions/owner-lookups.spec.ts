import { performance } from 'node:perf_hooks';
import type { FormattedExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayQuery } from './gateway-queries';
import { OwnerLookups } from './owner-lookups';
import type { Principal } from './subscriber';

/** A gateway whose answers the test releases, counting the queries it was asked. */
function heldGateway() {
  const asked: Array<{ authorization?: string; orderId: unknown; answer: (result: FormattedExecutionResult) => void }> = [];
  const query: GatewayQuery = (principal, _document, variables) =>
    new Promise((answer) => asked.push({ authorization: principal.authorization, orderId: variables.id, answer }));
  return { query, asked };
}
const principal = (authorization: string): Principal => ({
  identity: { accountId: authorization, roles: ['CUSTOMER'] },
  authorization,
  clientAddress: '127.0.0.1',
});
const owned = (ownerId: string) => ({ data: { order: { id: 'o-1', user: { id: ownerId } } } });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('OwnerLookups', () => {
  it('asks once for the same token and order while a question is in flight; other tokens or orders ask their own', async () => {
    const gateway = heldGateway();
    const lookups = new OwnerLookups(gateway.query);
    const now = performance.now();
    const ana = principal('Bearer ana');
    const answers = Array.from({ length: 3 }, () => lookups.of(ana, now)('o-1'));
    const otherOrder = lookups.of(ana, now)('o-2');
    const otherToken = lookups.of(principal('Bearer eve'), now)('o-1');
    await tick();
    expect(gateway.asked.map(({ authorization, orderId }) => `${String(authorization)}:${String(orderId)}`)).toEqual([
      'Bearer ana:o-1',
      'Bearer ana:o-2',
      'Bearer eve:o-1',
    ]);
    gateway.asked[0].answer(owned('ana'));
    gateway.asked[1].answer(owned('ana'));
    gateway.asked[2].answer({ errors: [{ message: 'not yours', extensions: { code: 'FORBIDDEN' } }] });
    expect(await Promise.all(answers)).toEqual([{ ownerId: 'ana' }, { ownerId: 'ana' }, { ownerId: 'ana' }]);
    expect(await otherOrder).toEqual({ ownerId: 'ana' });
    expect(await otherToken).toMatchObject({ error: { extensions: { code: 'FORBIDDEN' } } });
  });

  it('never gives a subscribe an answer asked before it arrived, and asks again once the answer is in', async () => {
    const gateway = heldGateway();
    const lookups = new OwnerLookups(gateway.query);
    const ana = principal('Bearer ana');
    const early = lookups.of(ana, performance.now())('o-1');
    await tick();
    const late = lookups.of(ana, performance.now() + 1)('o-1'); // arrived after the first question was sent
    await tick();
    expect(gateway.asked).toHaveLength(2);
    gateway.asked[0].answer({ data: { order: null } });
    gateway.asked[1].answer(owned('ana'));
    expect([await early, await late]).toEqual([{ ownerId: null }, { ownerId: 'ana' }]);
    const again = lookups.of(ana, performance.now())('o-1');
    await tick();
    expect(gateway.asked).toHaveLength(3);
    gateway.asked[2].answer(owned('ana'));
    expect(await again).toEqual({ ownerId: 'ana' });
  });
});
