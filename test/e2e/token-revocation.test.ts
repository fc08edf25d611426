// Revocation that takes effect: after logout, logoutEverywhere, changePassword, revokeRole and deleteAccount the
// old access token is refused within a second by every router and every subgraph instance, though each had it in
// its verified-token cache; what was not revoked keeps working. Real Redis, PostgreSQL and RabbitMQ throughout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningService } from '../../runtime/http-service';
import { startRouter } from '../../router/router';
import { allSubgraphs } from '../../subgraphs';
import { bearer, logIn, REFRESH, signUp, type Session } from '../../subgraphs/auth/auth.test-support';
import { eventually } from '../support/eventually';
import { expectData, graphql } from '../support/graphql';
import { roomyRouterRateLimits } from '../support/router-limits';
import { startTestSubgraph } from '../support/subgraph';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testEnv } from '../support/test-env';
import { asAdmin, testKeys } from '../support/tokens';

/** The promise: a revoked token is refused everywhere within this long after the mutation answered. */
const WITHIN_MS = 1_000;

const MY_WISHLIST = '{ myWishlist { itemCount } }';
const MY_CART = '{ myCart { id } }';
const SOMEONES_WISHLIST = 'query($id: ID!) { wishlist(userId: $id) { itemCount } }';
const LOGOUT = 'mutation { logout { sessionsRevoked } }';
const LOGOUT_EVERYWHERE = 'mutation { logoutEverywhere { sessionsRevoked } }';
const CHANGE_PASSWORD = 'mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { sessionsRevoked } }';
const GRANT = 'mutation($id: ID!, $role: Role!) { grantRole(accountId: $id, role: $role) { account { roles } } }';
const REVOKE = 'mutation($id: ID!, $role: Role!) { revokeRole(accountId: $id, role: $role) { account { roles } } }';
const DELETE = 'mutation($password: String) { deleteAccount(password: $password) { accountId } }';
const NEW_PASSWORD = 'Lilies and 9 orchids';

interface Place {
  name: string;
  url: string;
  query: string;
  variables?: Record<string, unknown>;
}

describe('revoked access tokens are refused everywhere within a second', () => {
  let supergraph: RunningSupergraph;
  let secondRouter: RunningService;
  let secondWishlist: RunningService;
  /** Where a signed-in customer's token is used: two routers, and straight at two wishlist instances and the cart. */
  let places: Place[];

  beforeAll(async () => {
    supergraph = await startSupergraph();
    const { jwksUrl } = await testKeys();
    const overrides = Object.fromEntries([...supergraph.subgraphs].map(([name, service]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, service.url]));
    secondRouter = await startRouter({ ...testEnv, ...roomyRouterRateLimits, PORT: '0', AUTH_JWKS_URL: jwksUrl, ...overrides });
    const wishlist = allSubgraphs.find((definition) => definition.name === 'wishlist')!;
    secondWishlist = await startTestSubgraph(wishlist as never, { CART_URL: supergraph.subgraphs.get('cart')!.url });
    places = [
      { name: 'router', url: supergraph.routerUrl, query: MY_WISHLIST },
      { name: 'second router', url: secondRouter.url, query: MY_WISHLIST },
      { name: 'wishlist', url: supergraph.subgraphs.get('wishlist')!.url, query: MY_WISHLIST },
      { name: 'second wishlist', url: secondWishlist.url, query: MY_WISHLIST },
      { name: 'cart', url: supergraph.subgraphs.get('cart')!.url, query: MY_CART },
    ];
  });
  afterAll(async () => {
    await secondWishlist?.stop();
    await secondRouter?.stop();
    await supergraph?.stop();
  });

  /** Each place's answer to the token: 'ok' or the error code. */
  const answers = (session: Session, where: Place[] = places) =>
    Promise.all(
      where.map(async (place) => {
        const response = await graphql(place.url, place.query, place.variables, bearer(session));
        return [place.name, response.errors?.[0].extensions?.code ?? 'ok'] as const;
      }),
    ).then(Object.fromEntries);

  const everywhere = (answer: string, where: Place[] = places) => Object.fromEntries(where.map((place) => [place.name, answer]));

  async function expectServed(session: Session): Promise<void> {
    expect(await answers(session)).toEqual(everywhere('ok'));
  }

  /** Polls every place from the moment the revoking mutation answered; the last answers are shown if it takes too long. */
  async function expectRefusedWithin(session: Session, code = 'UNAUTHENTICATED', where: Place[] = places): Promise<void> {
    const since = Date.now();
    let last: Record<string, string> = {};
    await eventually(async () => {
      last = await answers(session, where);
      return Object.values(last).every((answer) => answer === code);
    }, WITHIN_MS).catch(() => undefined);
    expect(last).toEqual(everywhere(code, where));
    expect(Date.now() - since).toBeLessThan(WITHIN_MS + 250); // the last round of requests included
  }

  async function customerWithSessions(count: number) {
    const account = await signUp(supergraph.routerUrl);
    const sessions: Session[] = [];
    for (let i = 0; i < count; i += 1) sessions.push(await logIn(supergraph.routerUrl, account.email, account.password));
    for (const session of sessions) await expectServed(session); // now in every verified-token cache
    return { account, sessions };
  }

  it('logout: the signed-out session is refused, with the same 401 UNAUTHENTICATED as an expired token; the other session works on', async () => {
    const {
      sessions: [leaving, staying],
    } = await customerWithSessions(2);
    expect(await expectData(supergraph.routerUrl, LOGOUT, {}, bearer(leaving))).toEqual({ logout: { sessionsRevoked: 1 } });
    await expectRefusedWithin(leaving);
    const refused = await graphql(supergraph.routerUrl, MY_WISHLIST, {}, bearer(leaving));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    await expectServed(staying);
    const refresh = await graphql(supergraph.routerUrl, REFRESH, { refreshToken: leaving.refreshToken });
    expect(refresh.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REVOKED' });
  });

  it('logoutEverywhere: every session of the account is refused, not another account', async () => {
    const { sessions } = await customerWithSessions(2);
    const {
      sessions: [bystander],
    } = await customerWithSessions(1);
    expect(await expectData(supergraph.routerUrl, LOGOUT_EVERYWHERE, {}, bearer(sessions[0]))).toEqual({ logoutEverywhere: { sessionsRevoked: 2 } });
    for (const session of sessions) await expectRefusedWithin(session);
    await expectServed(bystander);
  });

  it("changePassword: every other session is refused; the caller's own goes on (it is not signed out)", async () => {
    const {
      account,
      sessions: [changing, other],
    } = await customerWithSessions(2);
    const { changePassword } = await expectData(supergraph.routerUrl, CHANGE_PASSWORD, { current: account.password, next: NEW_PASSWORD }, bearer(changing));
    expect(changePassword).toEqual({ sessionsRevoked: 1 });
    await expectRefusedWithin(other);
    await expectServed(changing);
  });

  it('revokeRole: a token still carrying the role stops granting it (and nothing else); a refresh carries the new roles', async () => {
    const { account } = await customerWithSessions(0);
    const admin = await asAdmin();
    await expectData(supergraph.routerUrl, GRANT, { id: account.id, role: 'STAFF' }, admin);
    const staff = await logIn(supergraph.routerUrl, account.email, account.password);
    expect(staff.account.roles).toEqual(['CUSTOMER', 'STAFF']);
    const staffPlaces = places
      .filter((place) => place.query === MY_WISHLIST)
      .map((place) => ({ ...place, name: `${place.name} (staff)`, query: SOMEONES_WISHLIST, variables: { id: account.id } }));
    expect(await answers(staff, staffPlaces)).toEqual(everywhere('ok', staffPlaces));

    const { revokeRole } = await expectData(supergraph.routerUrl, REVOKE, { id: account.id, role: 'STAFF' }, admin);
    expect(revokeRole.account.roles).toEqual(['CUSTOMER']);
    await expectRefusedWithin(staff, 'FORBIDDEN', staffPlaces);
    await expectServed(staff); // still a customer

    const refreshed = (await expectData(supergraph.routerUrl, REFRESH, { refreshToken: staff.refreshToken })).refreshSession as Session;
    expect(refreshed.account.roles).toEqual(['CUSTOMER']);
    // Granted again: a token signed after the grant carries the role and is not held back by the earlier revocation.
    await expectData(supergraph.routerUrl, GRANT, { id: account.id, role: 'STAFF' }, admin);
    const again = await logIn(supergraph.routerUrl, account.email, account.password);
    await eventually(async () => Object.values(await answers(again, staffPlaces)).every((answer) => answer === 'ok'), WITHIN_MS);
  });

  it('deleteAccount: every session of the deleted account is refused', async () => {
    const { account, sessions } = await customerWithSessions(2);
    await expectData(supergraph.routerUrl, DELETE, { password: account.password }, bearer(sessions[0]));
    for (const session of sessions) await expectRefusedWithin(session);
  });

  describe('concurrent identical calls', () => {
    const codesOf = (responses: Array<{ errors?: Array<{ extensions?: Record<string, any> }> }>) =>
      responses.flatMap((response) => (response.errors ?? []).map((error) => error.extensions?.code as string));

    it('logout five times at once: one revokes the session, the rest find it done (or are refused), and it is refused everywhere', async () => {
      const {
        sessions: [session, other],
      } = await customerWithSessions(2);
      const responses = await Promise.all(Array.from({ length: 5 }, () => graphql(supergraph.routerUrl, LOGOUT, {}, bearer(session))));
      expect(codesOf(responses).filter((code) => code !== 'UNAUTHENTICATED')).toEqual([]);
      expect(responses.reduce((sum, response) => sum + (response.data?.logout?.sessionsRevoked ?? 0), 0)).toBe(1);
      await expectRefusedWithin(session);
      await expectServed(other);
    });

    it('logoutEverywhere five times at once: each session revoked once, all refused', async () => {
      const { sessions } = await customerWithSessions(3);
      const responses = await Promise.all(Array.from({ length: 5 }, (_, i) => graphql(supergraph.routerUrl, LOGOUT_EVERYWHERE, {}, bearer(sessions[i % 3]))));
      expect(codesOf(responses).filter((code) => code !== 'UNAUTHENTICATED')).toEqual([]);
      expect(responses.reduce((sum, response) => sum + (response.data?.logoutEverywhere?.sessionsRevoked ?? 0), 0)).toBe(3);
      for (const session of sessions) await expectRefusedWithin(session);
    });

    it('changePassword three times at once: the other session revoked once and refused; the caller goes on', async () => {
      const {
        account,
        sessions: [changing, other],
      } = await customerWithSessions(2);
      const responses = await Promise.all(
        Array.from({ length: 3 }, () => graphql(supergraph.routerUrl, CHANGE_PASSWORD, { current: account.password, next: NEW_PASSWORD }, bearer(changing))),
      );
      // A call that checks the password after another changed it is told it is wrong.
      expect(codesOf(responses).filter((code) => code !== 'BAD_USER_INPUT')).toEqual([]);
      expect(responses.some((response) => response.data?.changePassword)).toBe(true);
      expect(responses.reduce((sum, response) => sum + (response.data?.changePassword?.sessionsRevoked ?? 0), 0)).toBe(1);
      await expectRefusedWithin(other);
      await expectServed(changing);
    });

    it('revokeRole five times at once: one change, and the role is gone from the token everywhere', async () => {
      const { account } = await customerWithSessions(0);
      const admin = await asAdmin();
      await expectData(supergraph.routerUrl, GRANT, { id: account.id, role: 'STAFF' }, admin);
      const staff = await logIn(supergraph.routerUrl, account.email, account.password);
      const responses = await Promise.all(Array.from({ length: 5 }, () => graphql(supergraph.routerUrl, REVOKE, { id: account.id, role: 'STAFF' }, admin)));
      expect(codesOf(responses)).toEqual([]);
      expect(responses.map((response) => response.data?.revokeRole.account.roles)).toEqual(Array(5).fill(['CUSTOMER']));
      const staffPlaces = places
        .filter((place) => place.query === MY_WISHLIST)
        .map((place) => ({ ...place, query: SOMEONES_WISHLIST, variables: { id: account.id } }));
      await expectRefusedWithin(staff, 'FORBIDDEN', staffPlaces);
      await expectServed(staff);
    });

    it('deleteAccount three times at once: one deletes, the others find nothing (or are refused); every session refused', async () => {
      const { account, sessions } = await customerWithSessions(2);
      const responses = await Promise.all(
        Array.from({ length: 3 }, () => graphql(supergraph.routerUrl, DELETE, { password: account.password }, bearer(sessions[0]))),
      );
      expect(responses.filter((response) => response.data?.deleteAccount?.accountId === account.id)).toHaveLength(1);
      expect(codesOf(responses).filter((code) => code !== 'NOT_FOUND' && code !== 'UNAUTHENTICATED')).toEqual([]);
      for (const session of sessions) await expectRefusedWithin(session);
    });
  });

  it('a refresh token spent twice revokes the access tokens of its session too (the thief loses them with the victim)', async () => {
    const {
      sessions: [session],
    } = await customerWithSessions(1);
    await expectData(supergraph.routerUrl, REFRESH, { refreshToken: session.refreshToken });
    const reused = await graphql(supergraph.routerUrl, REFRESH, { refreshToken: session.refreshToken });
    expect(reused.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REUSED' });
    await expectRefusedWithin(session);
  });
});
