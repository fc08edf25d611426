import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { TagEpochs } from './tag-epochs';

/** What the cache keeps about an answer besides its bytes. */
export interface EntryMeta {
  /** The Cache-Control header the answer went out with. */
  cacheControl?: string;
  /** For the operation metrics of answers served from the cache. */
  operationName?: string;
  /** When it expires (ms since the epoch). */
  expiresAt: number;
}

/** One cached answer: its bytes, the epoch read before its data, and the tags it depends on (see tag-epochs.ts). */
export interface CachedEntry {
  epoch: number;
  tags: string[];
  meta: EntryMeta;
  body: Buffer;
}

export interface TaggedCacheOptions {
  /** Prefix of the entries' Redis keys. */
  namespace: string;
  /** Bytes of entries this router keeps in its own memory besides Redis (0: none). */
  memoryBytes: number;
}

/**
 * Cached answers in two tiers: this router's memory and Redis. Either way an entry is served only after one
 * round trip to Redis has checked that none of its tags was invalidated since it was read (so a change made
 * through any router is seen by all at once), and the memory tier saves moving and parsing the bytes.
 */
export class TaggedCache {
  private readonly memory: LRUCache<string, CachedEntry> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly epochs: TagEpochs,
    private readonly options: TaggedCacheOptions,
  ) {
    if (options.memoryBytes > 0) {
      this.memory = new LRUCache<string, CachedEntry>({
        maxSize: options.memoryBytes,
        sizeCalculation: (entry) => entry.body.length + 64 * (entry.tags.length + 4),
        ttlAutopurge: false,
      });
    }
    if (!('cacheLookup' in redis)) redis.defineCommand('cacheLookup', { lua: LOOKUP });
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
   * The first fresh entry among `keys` (the most specific first). Throws while Redis is unreachable: the
   * caller answers without the cache.
   */
  async get(keys: readonly string[]): Promise<{ key: string; entry: CachedEntry } | undefined> {
    const remembered = this.memory ? keys.flatMap((key) => (this.memory!.has(key) ? [{ key, entry: this.memory!.get(key)! }] : [])) : [];
    for (const found of remembered) {
      if (await this.epochs.fresh(found.entry.epoch, found.entry.tags)) return found;
      this.memory!.delete(found.key);
    }
    const rest = keys.filter((key) => !remembered.some((found) => found.key === key));
    if (rest.length === 0) return undefined;
    const reply = (await (this.redis as unknown as LookupCommand).cacheLookupBuffer(rest.length, ...rest.map((key) => this.redisKey(key)), this.epochs.floorKey, this.epochs.tagKey(''))) as [number, Buffer] | null;
    if (!reply) return undefined;
    const key = rest[reply[0] - 1];
    const entry = decodeEntry(reply[1]);
    const ttl = entry.meta.expiresAt - Date.now();
    if (ttl > 0) this.memory?.set(key, entry, { ttl });
    return { key, entry };
  }

  /** Keeps an entry until `entry.meta.expiresAt` in Redis and in memory. Throws while Redis is unreachable. */
  async set(key: string, entry: CachedEntry): Promise<void> {
    const ttl = entry.meta.expiresAt - Date.now();
    if (ttl <= 0) return;
    await this.redis.set(this.redisKey(key), encodeEntry(entry), 'PX', ttl);
    this.memory?.set(key, entry, { ttl });
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
  cacheLookupBuffer(numberOfKeys: number, ...keysThenFloorKeyAndTagPrefix: string[]): Promise<[number, Buffer] | null>;
}

// KEYS: the candidate entries, most specific first; ARGV[1]: the floor's key; ARGV[2]: the prefix of tag keys. Returns {position, entry} of the
// first fresh one: its epoch at or above the floor, and no tag of it invalidated after its epoch.
const LOOKUP = `
local floor = redis.call("GET", ARGV[1])
if not floor then return nil end
floor = tonumber(floor)
for index, key in ipairs(KEYS) do
  local entry = redis.call("GET", key)
  if entry then
    local first = string.find(entry, "\\n", 1, true)
    local second = string.find(entry, "\\n", first + 1, true)
    local epoch = tonumber(string.sub(entry, 1, first - 1))
    local fresh = epoch >= floor
    if fresh and second > first + 1 then
      local tags = {}
      for tag in string.gmatch(string.sub(entry, first + 1, second - 1), "%S+") do tags[#tags + 1] = ARGV[2] .. tag end
      for _, value in ipairs(redis.call("MGET", unpack(tags))) do
        if value and tonumber(value) > epoch then
          fresh = false
          break
        end
      end
    end
    if fresh then return {index, entry} end
  end
end
return nil
`;
