import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { KeepAdmission } from './keep-admission';
import type { TagEpochs } from './tag-epochs';

/** What the cache keeps about an answer besides its bytes. */
export interface EntryMeta {
  /** The Cache-Control header the answer went out with. */
  cacheControl?: string;
  /** For the operation metrics of answers served from the cache. */
  operationName?: string;
  /** When it expires (ms since the epoch). */
  expiresAt: number;
  /** What kind of answer it is (its client operation, or its subgraph call's shape), for the keep admission. */
  kind?: string;
}

/** What a look-up found (see TaggedCache.lookUp). */
export interface CacheLookup {
  found?: { key: string; entry: CachedEntry };
  /** The epoch when Redis looked, read after the caller asked; null when it was not read. */
  epochNow: number | null;
}

/** One cached answer: its bytes, the epoch read before its data, and the tags it depends on (see tag-epochs.ts). */
export interface CachedEntry {
  epoch: number;
  tags: string[];
  meta: EntryMeta;
  body: Buffer;
}

/** An entry to keep, its body written now or when it is kept (TaggedCache.set). */
export type PendingEntry = Omit<CachedEntry, 'body'> & { body: Buffer | (() => Buffer) };

/** What getEach gives for a key whose entry is kept but was invalidated since it was read (a write changed its data). */
export const STALE = 'stale';

export interface TaggedCacheOptions {
  /** Prefix of the entries' Redis keys. */
  namespace: string;
  /** Bytes of entries this router keeps in its own memory besides Redis (0: none). */
  memoryBytes: number;
  /** Which entries are kept when first made (keep-admission.ts); none: every one. */
  admission?: KeepAdmission;
}

/**
 * Cached answers in two tiers: this router's memory and Redis. Either way an entry is served only after a
 * round trip to Redis made after the request asked has shown that none of its tags was invalidated since it
 * was read (so a change made through any router is seen by all at once): for an entry held in memory, that the
 * epoch has not moved since the entry was last found fresh (one read shared by every request of the same tick),
 * else its tags. The memory tier saves moving and parsing the bytes. With an admission, an answer of a kind seldom
 * read again is kept only when asked for a second time (keep-admission.ts).
 */
/** An entry held in memory, with the epoch at which it was last found fresh. */
interface Remembered {
  entry: CachedEntry;
  freshAsOf: number | null;
}

export class TaggedCache {
  private readonly memory: LRUCache<string, Remembered> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly epochs: TagEpochs,
    private readonly options: TaggedCacheOptions,
  ) {
    if (options.memoryBytes > 0) {
      this.memory = new LRUCache<string, Remembered>({
        maxSize: options.memoryBytes,
        sizeCalculation: ({ entry }) => entry.body.length + 64 * (entry.tags.length + 4),
        ttlAutopurge: false,
      });
    }
    if (!('cacheLookup' in redis)) redis.defineCommand('cacheLookup', { lua: LOOKUP });
    if (!('cacheLookupEach' in redis)) redis.defineCommand('cacheLookupEach', { lua: LOOKUP_EACH });
  }

  /** The Redis key of an entry. */
  redisKey(key: string): string {
    return this.options.namespace + key;
  }

  /** Whether this router holds `key` in memory (its answer was a cacheable query). */
  remembers(key: string): boolean {
    return this.memory?.has(key) ?? false;
  }

  /**
   * The first fresh entry among `keys` (the most specific first), and the epoch Redis had when it looked (`epochNow`;
   * null when Redis was not asked, what this router held having answered or gone stale, or has no epoch yet). Read
   * after the caller asked and before it reads any data, it is the epoch a request that misses may keep its answer
   * under (TagEpochs.now), with no round trip of its own. Throws while Redis is unreachable: the caller answers
   * without the cache.
   */
  async lookUp(keys: readonly string[]): Promise<CacheLookup> {
    const remembered = this.held(keys).flatMap((held, index) => (held ? [{ key: keys[index], held }] : []));
    for (const { key, held } of remembered) {
      if (await this.stillFresh(held)) return { found: { key, entry: this.readAgain(held.entry) }, epochNow: null };
      this.memory!.delete(key);
    }
    const rest = keys.filter((key) => !remembered.some((found) => found.key === key));
    if (rest.length === 0) return { epochNow: null };
    const reply = await (this.redis as unknown as LookupCommand).cacheLookupBuffer(
      rest.length,
      ...rest.map((key) => this.redisKey(key)),
      this.epochs.floorKey,
      this.epochs.tagKey(''),
      this.epochs.epochKey,
    );
    if (!reply) return { epochNow: null };
    const epochNow = reply[2] === null ? null : Number(reply[2]);
    if (reply[1] === null) return { epochNow };
    const key = rest[Number(reply[0]) - 1];
    const entry = this.readAgain(decodeEntry(reply[1]));
    const ttl = entry.meta.expiresAt - Date.now();
    if (ttl > 0) this.memory?.set(key, { entry, freshAsOf: epochNow }, { ttl });
    return { found: { key, entry }, epochNow };
  }

  /**
   * The fresh entry of each key, in order: `STALE` where one is kept but a write invalidated it since, undefined
   * where none is kept. One round trip for what is held in memory (or none, while the epoch has not moved), one
   * for the rest.
   */
  async getEach(keys: readonly string[]): Promise<Array<CachedEntry | typeof STALE | undefined>> {
    const found = new Array<CachedEntry | typeof STALE | undefined>(keys.length).fill(undefined);
    const inMemory = this.held(keys);
    const held = inMemory.flatMap((one, index) => (one ? [{ key: keys[index], index, held: one }] : []));
    if (held.length > 0) {
      const fresh = await this.stillFreshEach(held.map((one) => one.held));
      held.forEach((one, position) => {
        if (fresh[position]) found[one.index] = this.readAgain(one.held.entry);
        else {
          found[one.index] = STALE;
          this.memory!.delete(one.key);
        }
      });
    }
    const rest = keys.flatMap((key, index) => (inMemory[index] ? [] : [{ key, index }]));
    if (rest.length === 0) return found;
    const reply = await (this.redis as unknown as LookupCommand).cacheLookupEachBuffer(
      rest.length,
      ...rest.map(({ key }) => this.redisKey(key)),
      this.epochs.floorKey,
      this.epochs.tagKey(''),
      this.epochs.epochKey,
    );
    if (!reply) return found;
    const freshAsOf = Number(reply[0]);
    rest.forEach(({ key, index }, position) => {
      const raw = reply[position + 1];
      if (raw === 0) found[index] = STALE;
      if (!raw) return;
      const entry = this.readAgain(decodeEntry(raw));
      found[index] = entry;
      const ttl = entry.meta.expiresAt - Date.now();
      if (ttl > 0) this.memory?.set(key, { entry, freshAsOf }, { ttl });
    });
    return found;
  }

  /** A kept entry found fresh: counted as read again for the keep admission. */
  private readAgain(entry: CachedEntry): CachedEntry {
    this.options.admission?.reused(entry.meta.kind);
    return entry;
  }

  /** What this router holds in memory for each key (one look-up each: a missing or expired entry is undefined). */
  private held(keys: readonly string[]): Array<Remembered | undefined> {
    const memory = this.memory;
    return memory ? keys.map((key) => memory.get(key)) : [];
  }

  /** Like stillFresh for several entries, with one read of their tags together when the epoch moved. */
  private async stillFreshEach(held: Remembered[]): Promise<boolean[]> {
    const now = await this.epochs.snapshot();
    const fresh = held.map((one) => one.freshAsOf !== null && now.epoch === one.freshAsOf && now.floor !== null && one.entry.epoch >= now.floor);
    const stale = held.filter((_, position) => !fresh[position]);
    if (stale.length === 0) return fresh;
    const checked = await this.epochs.checkEach(stale.map((one) => one.entry));
    let next = 0;
    return held.map((one, position) => {
      if (fresh[position]) return true;
      one.freshAsOf = checked[next++];
      return one.freshAsOf !== null;
    });
  }

  /** Fresh while the epoch has not moved since it was last found fresh; else its tags are checked again. */
  private async stillFresh(held: Remembered): Promise<boolean> {
    if (held.freshAsOf !== null) {
      const now = await this.epochs.snapshot();
      if (now.epoch === held.freshAsOf && now.floor !== null && held.entry.epoch >= now.floor) return true;
    }
    held.freshAsOf = await this.epochs.check(held.entry.epoch, held.entry.tags);
    return held.freshAsOf !== null;
  }

  /**
   * Keeps an entry until `entry.meta.expiresAt` in Redis and in memory, unless the admission defers it to its key's
   * next asking (an answer of a kind seldom read again). Its body may be given as the function that writes it, called
   * only when the entry is kept: under traffic whose every request is new, nearly every answer is deferred. Throws
   * while Redis is unreachable.
   */
  async set(key: string, pending: PendingEntry): Promise<void> {
    const ttl = pending.meta.expiresAt - Date.now();
    if (ttl <= 0 || (this.options.admission && !this.options.admission.admits(pending.meta.kind, key))) return;
    // Written before anything is awaited: the value it writes is the caller's, who may change it once this returns.
    const entry: CachedEntry = typeof pending.body === 'function' ? { ...pending, body: pending.body() } : (pending as CachedEntry);
    await this.redis.set(this.redisKey(key), encodeEntry(entry), 'PX', ttl);
    this.memory?.set(key, { entry, freshAsOf: null }, { ttl });
  }

  /** Forgets what this router holds in memory (Redis entries stay, checked as always). */
  clearMemory(): void {
    this.memory?.clear();
  }
}

// An entry in Redis: "<epoch>\n<tag> <tag> …\n<meta JSON>\n<body>", so the script reads the first two lines.
function encodeEntry(entry: CachedEntry): Buffer {
  return Buffer.concat([Buffer.from(`${entry.epoch}\n${entry.tags.join(' ')}\n${JSON.stringify(entry.meta)}\n`), entry.body]);
}

function decodeEntry(raw: Buffer): CachedEntry {
  const first = raw.indexOf(10);
  const second = raw.indexOf(10, first + 1);
  const third = raw.indexOf(10, second + 1);
  const tags = raw.toString('utf8', first + 1, second);
  return {
    epoch: Number(raw.toString('latin1', 0, first)),
    tags: tags.length > 0 ? tags.split(' ') : [],
    meta: JSON.parse(raw.toString('utf8', second + 1, third)) as EntryMeta,
    body: raw.subarray(third + 1),
  };
}

interface LookupCommand {
  cacheLookupBuffer(numberOfKeys: number, ...keysThenFloorKeyTagPrefixAndEpochKey: string[]): Promise<[number, Buffer | null, Buffer | null] | null>;
  cacheLookupEachBuffer(numberOfKeys: number, ...keysThenFloorKeyTagPrefixAndEpochKey: string[]): Promise<Array<Buffer | 0 | null> | null>;
}

// Whether an entry ("<epoch>\n<tags>\n…") is fresh: its epoch at or above the floor, and no tag of it invalidated
// after its epoch (tag keys are `prefix .. tag`).
const FRESH = `
local function fresh(entry, floor, prefix)
  local first = string.find(entry, "\\n", 1, true)
  local second = string.find(entry, "\\n", first + 1, true)
  local epoch = tonumber(string.sub(entry, 1, first - 1))
  if epoch < floor then return false end
  if second == first + 1 then return true end
  local tags = {}
  for tag in string.gmatch(string.sub(entry, first + 1, second - 1), "%S+") do tags[#tags + 1] = prefix .. tag end
  for _, value in ipairs(redis.call("MGET", unpack(tags))) do
    if value and tonumber(value) > epoch then return false end
  end
  return true
end
local floor = redis.call("GET", ARGV[1])
if not floor then return nil end
floor = tonumber(floor)
`;

// KEYS: the candidate entries, most specific first; ARGV: the floor's key, the prefix of tag keys, the epoch's key.
// Returns {position, entry, epoch now} of the first fresh one, or {0, nil, epoch now} when none is.
const LOOKUP = `${FRESH}
for index, key in ipairs(KEYS) do
  local entry = redis.call("GET", key)
  if entry and fresh(entry, floor, ARGV[2]) then return {index, entry, redis.call("GET", ARGV[3])} end
end
return {0, false, redis.call("GET", ARGV[3])}
`;

// KEYS: entries; ARGV as for LOOKUP. Returns {epoch now, for each key in order: the entry, 0 (kept but stale) or nil}.
const LOOKUP_EACH = `${FRESH}
local found = {redis.call("GET", ARGV[3])}
for index, key in ipairs(KEYS) do
  local entry = redis.call("GET", key)
  if not entry then found[index + 1] = false
  elseif fresh(entry, floor, ARGV[2]) then found[index + 1] = entry
  else found[index + 1] = 0 end
end
return found
`;
