import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/eventually';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcp-proxy';
import { testEnv } from '../../../test/support/test-env';
import { createLogger } from '../../logger';
import type { Identity } from '../identity';
import { RevocationFeed, type RevocationFeedOptions } from './revocation-feed';
import { RevocationWriter } from './revocation-writer';

const logger = createLogger('revocations-test', 'silent');
const signedIn = (): Identity => ({ accountId: randomUUID(), roles: ['CUSTOMER', 'STAFF'], sessionId: randomUUID() });

/** Short timings, so an outage and its grace fit in a test. */
const fast = (redisUrl: string): RevocationFeedOptions => ({
  redisUrl,
  name: 'test',
  logger,
  graceMs: 600,
  heartbeatMs: 100,
  reloadMs: 60_000,
  startTimeoutMs: 3_000,
});

describe('RevocationFeed, against a real Redis', () => {
  let redis: Redis;
  let writer: RevocationWriter;
  let proxy: TcpProxy;
  const feeds: RevocationFeed[] = [];
  const start = async (options: RevocationFeedOptions) => {
    const feed = await RevocationFeed.start(options);
    feeds.push(feed);
    return feed;
  };

  beforeAll(async () => {
    redis = new Redis(testEnv.REDIS_URL);
    writer = new RevocationWriter(redis, 60_000);
    proxy = await startTcpProxy(testEnv.REDIS_URL);
  });
  afterEach(async () => {
    await Promise.all(feeds.splice(0).map((feed) => feed.close()));
    await proxy.up();
  });
  afterAll(async () => {
    await proxy?.down();
    redis?.disconnect();
  });

  it('starts with what was revoked before it started, and learns each new revocation within a second', async () => {
    const before = signedIn();
    await writer.sessions([before.sessionId!]);
    const feed = await start(fast(testEnv.REDIS_URL));
    expect(feed.inSync).toBe(true);
    expect(feed.admit(before)).toBe('revoked');

    const after = signedIn();
    expect(feed.admit(after)).toEqual(after);
    const written = Date.now();
    await writer.account(after.accountId);
    await eventually(async () => feed.admit(after) === 'revoked', 1_000);
    expect(Date.now() - written).toBeLessThan(1_000);
  });

  it('takes a lost role out, and the newest role change wins', async () => {
    const feed = await start(fast(testEnv.REDIS_URL));
    const staff = signedIn();
    await writer.roles(staff.accountId, ['CUSTOMER']);
    await eventually(async () => (feed.admit(staff) as Identity).roles?.length === 1, 1_000);
    await writer.roles(staff.accountId, ['CUSTOMER', 'STAFF']);
    await eventually(async () => (feed.admit(staff) as Identity).roles?.length === 2, 1_000);
    // A feed started now reads both changes from the set at once: the newest still wins.
    const late = await start(fast(testEnv.REDIS_URL));
    expect(late.admit(staff)).toEqual(staff);
  });

  it('when Redis is lost: keeps what it holds for the grace, then answers unknown; catches up when it returns', async () => {
    const feed = await start(fast(proxy.url));
    const known = signedIn();
    await writer.sessions([known.sessionId!]);
    await eventually(async () => feed.admit(known) === 'revoked', 1_000);

    await proxy.down();
    const lostAt = Date.now();
    const missed = signedIn();
    await writer.sessions([missed.sessionId!]); // written while this instance cannot hear it
    expect(feed.admit(known)).toBe('revoked');
    await eventually(async () => feed.admit(signedIn()) === 'unknown', 3_000);
    expect(Date.now() - lostAt).toBeGreaterThanOrEqual(300); // not at the first hiccup
    expect(feed.admit(missed)).toBe('unknown');

    await proxy.up();
    await eventually(async () => feed.inSync, 5_000);
    expect(feed.admit(missed)).toBe('revoked'); // read again on reconnect: nothing written meanwhile is lost
    expect(feed.admit(known)).toBe('revoked');
    const fresh = signedIn();
    expect(feed.admit(fresh)).toEqual(fresh);
  });

  it('a starting instance that cannot read the revocations answers unknown until it has', async () => {
    await proxy.down();
    const feed = await start({ ...fast(proxy.url), startTimeoutMs: 200 });
    const someone = signedIn();
    expect(feed.inSync).toBe(false);
    expect(feed.admit(someone)).toBe('unknown');
    await proxy.up();
    await eventually(async () => feed.inSync, 5_000);
    expect(feed.admit(someone)).toEqual(someone);
  });
});
