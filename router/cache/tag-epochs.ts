import type { Redis } from 'ioredis';

/**
 * Invalidation by epoch, shared by every router through Redis. One counter (the epoch) grows with every
 * invalidation; each cache tag remembers the epoch of its last invalidation; a cached answer remembers the
 * epoch read before its data was read. The answer is fresh while every tag it depends on was last invalidated
 * at or before that epoch, and that epoch is not below the floor (raised when invalidations may have been
 * missed: after a Redis outage, or when Redis lost its data).
 *
 * Reading the epoch before the data makes a race harmless: a change that lands while an answer is being
 * computed has a higher epoch, so the answer is stale as soon as it is stored.
 *
 * A missing epoch (a new or wiped Redis) starts from the clock in microseconds, so it is above every epoch
 * handed out before, and the floor starts there too: answers cached before the wipe are stale.
 *
 * An invalidation's repeats (see the constructor) wait in Redis, in a sorted set by when they are due, and whichever
 * router polls first makes each: a router that stops after a write does not take its repeats with it.
 *
 * The scripts name tag keys they compute themselves, so this needs one Redis (or one hash slot), not a cluster.
 */
export class TagEpochs {
  readonly epochKey: string;
  readonly floorKey: string;
  /** The repeats to come: a sorted set of `[epoch, delay, tag keys]` by when each is due (Redis's clock, ms). */
  readonly repeatsKey: string;
  private readonly tagPrefix: string;
  private readonly commands: EpochCommands;
  private nextSnapshot: Deferred<EpochSnapshot> | undefined;
  private snapshotInFlight = false;

  constructor(
    private readonly redis: Redis,
    prefix = 'router:cache:',
    /**
     * Every invalidation is made once more after each of these delays (none: never), by whichever router polls
     * first (`repeatDueEvery`). A replica of a subgraph that had not yet seen a write another replica made may
     * answer from before it in the meantime, and that answer would be kept under fresh epochs; the repeats drop it.
     * See ROUTER_CACHE_REPEAT_INVALIDATION_MS.
     */
    private readonly repeatAfterMs: readonly number[] = [],
    /** How long a tag's epoch is kept: longer than any cached answer lives (else an old answer would look fresh). */
    private readonly tagTtlSeconds = 2 * 24 * 3600,
  ) {
    this.epochKey = `${prefix}epoch`;
    this.floorKey = `${prefix}floor`;
    this.repeatsKey = `${prefix}repeats`;
    this.tagPrefix = `${prefix}tag:`;
    this.commands = redis as unknown as EpochCommands;
    redis.defineCommand('cacheEpochNow', { numberOfKeys: 2, lua: START + 'return redis.call("GET", KEYS[1])' });
    redis.defineCommand('cacheInvalidate', { numberOfKeys: 3, lua: START + INVALIDATE });
    redis.defineCommand('cacheRepeatDue', { numberOfKeys: 3, lua: START + REPEAT_DUE });
    redis.defineCommand('cacheRaiseFloor', { numberOfKeys: 2, lua: START + 'local e = redis.call("INCR", KEYS[1]); redis.call("SET", KEYS[2], e); return e' });
  }

  /** The Redis key holding a tag's epoch. */
  tagKey(tag: string): string {
    return this.tagPrefix + tag;
  }

  /** The epoch now: read before the data an answer is made of. Throws while Redis is unreachable. */
  async now(): Promise<number> {
    return Number(await this.commands.cacheEpochNow(this.epochKey, this.floorKey, Date.now() * 1000));
  }

  /** Marks every answer depending on one of these tags stale; resolves once Redis has recorded it. */
  async invalidate(tags: Iterable<string>): Promise<void> {
    const keys = [...new Set(tags)].map((tag) => this.tagKey(tag));
    if (keys.length === 0) return;
    // The repeats are recorded by the same script: they exist exactly when the invalidation does.
    await this.commands.cacheInvalidate(
      this.epochKey,
      this.floorKey,
      this.repeatsKey,
      Date.now() * 1000,
      this.tagTtlSeconds,
      this.repeatAfterMs.join(','),
      ...keys,
    );
  }

  /** Makes the repeats now due, whichever router recorded them (each once); at most `limit` of them. Returns how many. */
  async repeatDue(limit = 100): Promise<number> {
    return Number(await this.commands.cacheRepeatDue(this.epochKey, this.floorKey, this.repeatsKey, Date.now() * 1000, this.tagTtlSeconds, limit));
  }

  /**
   * Polls for due repeats every `intervalMs` (one poll in flight at a time; a poll that found a whole batch asks
   * again at once, so a backlog drains); returns what stops it. Best effort: the first invalidation is the one
   * read-your-writes rests on, and a repeat missed while Redis is away is covered by the floor raised when it is back.
   */
  repeatDueEvery(intervalMs: number, batch = 100): () => void {
    let polling = false;
    const drain = async () => {
      while ((await this.repeatDue(batch)) >= batch);
    };
    const timer = setInterval(() => {
      if (polling) return;
      polling = true;
      drain()
        .catch(() => undefined)
        .finally(() => (polling = false));
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Marks every answer cached so far stale (invalidations may have been missed). */
  async invalidateEverything(): Promise<void> {
    await this.commands.cacheRaiseFloor(this.epochKey, this.floorKey, Date.now() * 1000);
  }

  /**
   * Whether an answer read at `epoch` is still fresh for these tags: the epoch now if it is, null if it is not
   * (one round trip). Throws while Redis is unreachable.
   */
  async check(epoch: number, tags: readonly string[]): Promise<number | null> {
    const [now, ...values] = await this.redis.mget(this.epochKey, this.floorKey, ...tags.map((tag) => this.tagPrefix + tag));
    return now !== null && isFresh(epoch, values) ? Number(now) : null;
  }

  /** `check` for several answers at once: one read of all their tags. */
  async checkEach(answers: ReadonlyArray<{ epoch: number; tags: readonly string[] }>): Promise<Array<number | null>> {
    const tags = [...new Set(answers.flatMap((answer) => answer.tags))];
    const [now, floor, ...values] = await this.redis.mget(this.epochKey, this.floorKey, ...tags.map((tag) => this.tagPrefix + tag));
    if (now === null) return answers.map(() => null);
    const epochOf = new Map(tags.map((tag, index) => [tag, values[index]]));
    return answers.map((answer) => (isFresh(answer.epoch, [floor, ...answer.tags.map((tag) => epochOf.get(tag) ?? null)]) ? Number(now) : null));
  }

  /**
   * The epoch and floor now, read after the caller asked. One read is in flight at a time: callers in the same
   * tick share one, and callers who ask while one is in flight (it was sent before they asked) share the next,
   * sent when it returns. So a busy router reads the epoch once per round trip to Redis, not once per request.
   * An answer checked fresh at an epoch is still fresh while the epoch has not moved: nothing was invalidated
   * anywhere since.
   */
  snapshot(): Promise<EpochSnapshot> {
    if (!this.nextSnapshot) {
      this.nextSnapshot = deferred<EpochSnapshot>();
      if (!this.snapshotInFlight) process.nextTick(() => this.readSnapshot());
    }
    return this.nextSnapshot.promise;
  }

  private readSnapshot(): void {
    const waiting = this.nextSnapshot;
    if (!waiting) return;
    this.nextSnapshot = undefined;
    this.snapshotInFlight = true;
    const readNext = () => {
      this.snapshotInFlight = false;
      if (this.nextSnapshot) this.readSnapshot();
    };
    this.redis.mget(this.epochKey, this.floorKey).then(
      ([epoch, floor]) => {
        waiting.resolve({ epoch: epoch === null ? null : Number(epoch), floor: floor === null ? null : Number(floor) });
        readNext();
      },
      (error: unknown) => {
        waiting.reject(error);
        readNext();
      },
    );
  }
}

export interface EpochSnapshot {
  epoch: number | null;
  floor: number | null;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** `values`: the floor, then the epoch of each tag (null: never invalidated, or forgotten after its TTL). */
export function isFresh(epoch: number, values: ReadonlyArray<string | null>): boolean {
  const floor = values[0];
  if (floor === null || epoch < Number(floor)) return false;
  for (let index = 1; index < values.length; index += 1) {
    const tagEpoch = values[index];
    if (tagEpoch !== null && Number(tagEpoch) > epoch) return false;
  }
  return true;
}

interface EpochCommands {
  cacheEpochNow(epochKey: string, floorKey: string, clockMicros: number): Promise<string>;
  cacheInvalidate(
    epochKey: string,
    floorKey: string,
    repeatsKey: string,
    clockMicros: number,
    ttlSeconds: number,
    repeatDelaysMs: string,
    ...tagKeys: string[]
  ): Promise<number>;
  cacheRepeatDue(epochKey: string, floorKey: string, repeatsKey: string, clockMicros: number, ttlSeconds: number, limit: number): Promise<number>;
  cacheRaiseFloor(epochKey: string, floorKey: string, clockMicros: number): Promise<number>;
}

// KEYS[1] the epoch, KEYS[2] the floor, ARGV[1] the clock in microseconds: a missing epoch starts from the clock.
const START = `
if redis.call("EXISTS", KEYS[1]) == 0 then
  redis.call("SET", KEYS[1], ARGV[1])
  redis.call("SET", KEYS[2], ARGV[1])
elseif redis.call("EXISTS", KEYS[2]) == 0 then
  redis.call("SET", KEYS[2], redis.call("INCR", KEYS[1]))
end
`;

// Redis's own clock in ms: every router reads the same one, whatever its host's clock says.
const REDIS_NOW_MS = `
local time = redis.call("TIME")
local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
`;

// KEYS[3] the repeats; ARGV[2] the tags' TTL, ARGV[3] the repeats' delays in ms ("2000,7000", "" for none), ARGV[4..]
// the tag keys. The epoch makes each member unique (formatted whole: cjson would round it to 14 digits). A repeat
// not made within ten minutes of its time (no router polled) is dropped with the set.
const INVALIDATE = `
local epoch = redis.call("INCR", KEYS[1])
local tags = {}
for index = 4, #ARGV do
  redis.call("SET", ARGV[index], epoch, "EX", ARGV[2])
  tags[#tags + 1] = ARGV[index]
end
if ARGV[3] ~= "" then
  ${REDIS_NOW_MS}
  local latest = 0
  for delay in string.gmatch(ARGV[3], "%d+") do
    redis.call("ZADD", KEYS[3], nowMs + tonumber(delay), cjson.encode({ string.format("%d", epoch), tonumber(delay), tags }))
    latest = math.max(latest, tonumber(delay))
  end
  redis.call("PEXPIRE", KEYS[3], latest + 600000)
end
return epoch
`;

// KEYS[3] the repeats; ARGV[2] the tags' TTL, ARGV[3] how many at most. One new epoch for all the repeats made.
const REPEAT_DUE = `
${REDIS_NOW_MS}
local due = redis.call("ZRANGEBYSCORE", KEYS[3], "-inf", nowMs, "LIMIT", 0, tonumber(ARGV[3]))
if #due == 0 then return 0 end
local epoch = redis.call("INCR", KEYS[1])
for _, member in ipairs(due) do
  for _, tag in ipairs(cjson.decode(member)[3]) do
    redis.call("SET", tag, epoch, "EX", ARGV[2])
  end
end
redis.call("ZREM", KEYS[3], unpack(due))
return #due
`;
