import { Redis } from 'ioredis';
import { TagEpochs } from '../../router/cache/tag-epochs';
import { REVOCATIONS_KEY } from '../../runtime/auth/revocations/revocation';
import { CART_KEY_PATTERNS } from '../../subgraphs/cart/store/cart.store';
import { gzipLines, gzipLineWriter, inBatches } from './backup-files';
import type { RedisGroupPart, RedisPart } from './manifest';

// Redis: only what the shop cannot make again. Everything else there is a cache or a counter that is meant to be
// lost (the router's answers, plans and persisted queries, rate-limit and sign-in failure counters).

/** The keys a backup holds, by SCAN pattern. */
export const DURABLE_REDIS_KEYS: ReadonlyArray<Omit<RedisGroupPart, 'keys'>> = [
  {
    pattern: REVOCATIONS_KEY,
    service: 'auth',
    holds: 'revoked sessions and accounts, and role changes: their access tokens stay refused until they expire',
  },
  { pattern: CART_KEY_PATTERNS[0], service: 'cart', holds: 'carts: metadata and lines, with their expiry' },
  { pattern: CART_KEY_PATTERNS[1], service: 'cart', holds: "each signed-in customer's latest cart, with its expiry" },
  { pattern: CART_KEY_PATTERNS[2], service: 'cart', holds: 'order events already applied to carts, so a redelivery changes nothing' },
  {
    pattern: CART_KEY_PATTERNS[3],
    service: 'cart',
    holds: "the carts' funnel (open carts with lines, and how many began, were ordered, abandoned): the Shop dashboard's conversion",
  },
];

const FILE = 'redis.jsonl.gz';
const BATCH = 500;

/** One line of the Redis file. */
interface SavedKey {
  key: string;
  /** Absolute expiry, epoch ms (PEXPIRETIME); -1 for none. */
  expireAt: number;
  /** DUMP's payload, base64: the value with its type, as Redis serializes it. */
  dump: string;
}

const connect = async (redisUrl: string) => {
  const redis = new Redis(redisUrl, { lazyConnect: true, connectionName: 'backup', maxRetriesPerRequest: 2 });
  await redis.connect();
  return redis;
};

/** The db number of a redis:// URL (its path), 0 when it names none. */
export const redisDb = (redisUrl: string) => Number(new URL(redisUrl).pathname.replace(/^\//, '') || 0);

async function* scanKeys(redis: Redis, pattern: string): AsyncIterable<string> {
  // A pattern without wildcards is one key.
  if (!/[*?[]/.test(pattern)) {
    if ((await redis.exists(pattern)) === 1) yield pattern;
    return;
  }
  for await (const keys of redis.scanStream({ match: pattern, count: 1_000 }) as AsyncIterable<string[]>) yield* keys;
}

/**
 * DUMP of every durable key with its absolute expiry. Keys are read group by group while the shop runs (a key
 * changed meanwhile is saved as it was when read; one expired or deleted meanwhile is left out).
 */
export async function backUpRedis(redisUrl: string, dir: string): Promise<RedisPart> {
  const redis = await connect(redisUrl);
  const writer = gzipLineWriter(`${dir}/${FILE}`);
  try {
    const server = `Redis ${/redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown'}`;
    const groups: RedisGroupPart[] = [];
    const seen = new Set<string>();
    for (const group of DURABLE_REDIS_KEYS) {
      let keys = 0;
      for await (const batch of inBatches(scanKeys(redis, group.pattern), BATCH)) {
        // SCAN may return a key twice.
        const fresh = [...new Set(batch)].filter((key) => !seen.has(key));
        const transaction = redis.multi();
        for (const key of fresh) transaction.dumpBuffer(key).pexpiretime(key);
        const replies = (await transaction.exec()) ?? [];
        for (const [index, key] of fresh.entries()) {
          const [dumpError, dump] = replies[index * 2];
          const [expiryError, expireAt] = replies[index * 2 + 1];
          if (dumpError || expiryError) throw (dumpError ?? expiryError) as Error;
          if (dump === null) continue; // gone since the scan
          seen.add(key);
          const line: SavedKey = { key, expireAt: Number(expireAt), dump: (dump as Buffer).toString('base64') };
          await writer.write(JSON.stringify(line));
          keys += 1;
        }
      }
      groups.push({ ...group, keys });
    }
    return { server, db: redisDb(redisUrl), file: FILE, groups };
  } finally {
    await writer.close();
    redis.disconnect();
  }
}

export interface RedisRestoreResult {
  restored: number;
  /** Keys whose expiry passed between the backup and the restore: not made again. */
  expired: number;
}

/**
 * Replaces the durable keys of REDIS_URL's db with the backup's: every key matching a durable pattern is deleted,
 * then each saved key is made again (RESTORE … ABSTTL: it expires when it would have; one already past its expiry
 * is not made). Other keys are left alone; the router's cached answers are all marked stale (they may hold data
 * newer than the backup). Into an empty or a used Redis alike; restoring twice gives the same keys.
 */
export async function restoreRedis(redisUrl: string, dir: string, part: RedisPart): Promise<RedisRestoreResult> {
  const redis = await connect(redisUrl);
  try {
    for (const group of part.groups) {
      for await (const batch of inBatches(scanKeys(redis, group.pattern), BATCH)) await redis.unlink(...batch);
    }
    const result: RedisRestoreResult = { restored: 0, expired: 0 };
    for await (const lines of inBatches(gzipLines(`${dir}/${part.file}`), BATCH)) {
      const [seconds, micros] = await redis.time();
      const now = Number(seconds) * 1_000 + Math.floor(Number(micros) / 1_000);
      const transaction = redis.multi();
      for (const line of lines.filter((l) => l !== '')) {
        const saved = JSON.parse(line) as SavedKey;
        if (saved.expireAt >= 0 && saved.expireAt <= now) {
          result.expired += 1;
          continue;
        }
        transaction.restore(saved.key, Math.max(saved.expireAt, 0), Buffer.from(saved.dump, 'base64'), 'REPLACE', 'ABSTTL');
        result.restored += 1;
      }
      for (const [error] of (await transaction.exec()) ?? []) if (error) throw error;
    }
    await new TagEpochs(redis).invalidateEverything();
    return result;
  } finally {
    redis.disconnect();
  }
}
