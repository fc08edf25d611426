import { Redis } from 'ioredis';
import { Gauge, type Registry } from 'prom-client';
import type { Identity } from '../identity';
import type { Logger } from '../../logger';
import { decodeRevocation, decodeRevocationMessage, REVOCATIONS_CHANNEL, REVOCATIONS_KEY } from './revocation';
import { RevocationList, type TokenRevocations } from './revocation-list';

export interface RevocationFeedOptions {
  redisUrl: string;
  /** Names the Redis connections (`<name>-revocations`). */
  name: string;
  logger: Logger;
  registry?: Registry;
  /** How long after its last sign of life from Redis an instance still trusts what it holds. */
  graceMs?: number;
  /** How often the subscription is checked (a PING on it). */
  heartbeatMs?: number;
  /** How often the whole set is read again anyway (a safety net; reconnects always read it). */
  reloadMs?: number;
  /** How long a starting service waits for the first complete read before it listens anyway. */
  startTimeoutMs?: number;
}

/**
 * Every revocation the auth service made (runtime/auth/revocations/revocation.ts), held in memory by one router
 * or subgraph instance: subscribed to the Redis channel first, then the whole sorted set read, so nothing written
 * in between is missed; a message then arrives within milliseconds of the write.
 *
 * Fail-safe: the instance is "in sync" while its subscription answers a PING each `heartbeatMs` and the set was
 * read since the subscription (re)started. When Redis is lost it keeps using what it holds for `graceMs` (a Redis
 * restart or failover is not an outage of every signed-in customer), then answers `unknown` (the verifier refuses
 * access tokens with SERVICE_UNAVAILABLE, HTTP 503; anonymous requests are served) until it has reconnected,
 * subscribed and read the set again. A starting instance answers `unknown` until its first read. So a revoked
 * token is accepted at most `graceMs` after the revocation, even by an instance cut off from Redis.
 */
export class RevocationFeed implements TokenRevocations {
  private readonly list = new RevocationList();
  private readonly subscriber: Redis;
  private readonly reader: Redis;
  private readonly graceMs: number;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Epoch ms until which what is held is trusted; 0 before the first complete read. */
  private freshUntil = 0;
  /** The set was read completely since the subscription last (re)started. */
  private loaded = false;
  private lost = false;
  private closed = false;
  /** Counts the subscription's connections: a read completed for an earlier one proves nothing. */
  private generation = 0;
  private resyncing = false;
  /** Heartbeats in a row that got no answer. */
  private unanswered = 0;
  private firstSync: () => void = () => undefined;
  private readonly synced = new Promise<void>((resolve) => (this.firstSync = resolve));

  private constructor(private readonly options: RevocationFeedOptions) {
    this.graceMs = options.graceMs ?? 10_000;
    const retryStrategy = (attempt: number) => Math.min(50 * 2 ** attempt, 1_000);
    const connectionName = `${options.name}-revocations`;
    this.subscriber = new Redis(options.redisUrl, {
      connectionName,
      lazyConnect: true,
      autoResubscribe: false, // subscribed again by hand, then the set read: see `resync`
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 1_000,
      connectTimeout: 2_000,
      retryStrategy,
    });
    this.reader = new Redis(options.redisUrl, {
      connectionName,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 2_000,
      connectTimeout: 2_000,
      retryStrategy,
    });
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== REVOCATIONS_CHANNEL) return;
      for (const revocation of decodeRevocationMessage(text)) this.list.add(revocation);
    });
    this.subscriber.on('ready', () => {
      this.generation += 1;
      void this.resync();
    });
    this.subscriber.on('close', () => this.onLost());
    this.subscriber.on('error', () => undefined); // reported once by onLost; ioredis reconnects by itself
    this.reader.on('error', () => undefined);
    if (options.registry) this.registerGauges(options.registry);
  }

  /** Connects and waits (at most `startTimeoutMs`) for the first complete read. */
  static async start(options: RevocationFeedOptions): Promise<RevocationFeed> {
    const feed = new RevocationFeed(options);
    feed.reader.connect().catch(() => undefined);
    feed.subscriber.connect().catch(() => undefined);
    const heartbeatMs = options.heartbeatMs ?? 1_000;
    feed.timers.push(setInterval(() => void feed.heartbeat(), heartbeatMs).unref());
    feed.timers.push(setInterval(() => void feed.reload().catch(() => undefined), options.reloadMs ?? 30_000).unref());
    const timeoutMs = options.startTimeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([feed.synced.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))]);
    clearTimeout(timer);
    if (!inTime) {
      options.logger.warn(`Token revocations could not be read from Redis within ${timeoutMs} ms: signed-in requests are refused (503) until they are`);
    }
    return feed;
  }

  admit(identity: Identity, now: number = Date.now()): Identity | 'revoked' | 'unknown' {
    if (now >= this.freshUntil) return 'unknown';
    return this.list.admit(identity, now);
  }

  /** In sync: every revocation written so far is held (see the class comment). */
  get inSync(): boolean {
    return Date.now() < this.freshUntil;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    this.subscriber.disconnect();
    this.reader.disconnect();
  }

  /**
   * After each (re)connection: subscribe first, then read the set, so a revocation written in between is caught by
   * one or the other. Tried again until it completes on the same connection (the reader may still be reconnecting).
   */
  private async resync(): Promise<void> {
    if (this.resyncing) return; // the running attempt sees the new connection by its generation
    this.resyncing = true;
    try {
      while (!this.closed && this.subscriber.status === 'ready') {
        const generation = this.generation;
        try {
          await this.subscriber.subscribe(REVOCATIONS_CHANNEL);
          await this.reload();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 200));
          continue;
        }
        if (generation !== this.generation || this.subscriber.status !== 'ready') continue;
        this.loaded = true;
        this.freshUntil = Date.now() + this.graceMs;
        this.firstSync();
        if (this.lost) this.options.logger.info({ held: this.list.size }, 'Token revocations read again from Redis: in sync');
        this.lost = false;
        return;
      }
    } finally {
      this.resyncing = false;
    }
  }

  private async reload(): Promise<void> {
    const now = Date.now();
    const entries = await this.reader.zrangebyscore(REVOCATIONS_KEY, `(${now}`, '+inf', 'WITHSCORES');
    for (let i = 0; i + 1 < entries.length; i += 2) {
      const revocation = decodeRevocation(entries[i], Number(entries[i + 1]));
      if (revocation) this.list.add(revocation);
    }
    this.list.prune(now);
  }

  /** A PING answered on the subscription proves it still delivers every message: what is held stays trusted. */
  private async heartbeat(): Promise<void> {
    if (!this.loaded || this.subscriber.status !== 'ready') return;
    try {
      await this.subscriber.ping();
      this.unanswered = 0;
      if (this.loaded) this.freshUntil = Date.now() + this.graceMs;
    } catch {
      // Unanswered: the trust is no longer extended. A connection that stays silent (a network cut without a reset)
      // is not noticed by the client itself: start a new one, which subscribes and reads the set again.
      this.unanswered += 1;
      if (this.unanswered >= 3) {
        this.unanswered = 0;
        this.subscriber.disconnect(true);
      }
    }
  }

  private onLost(): void {
    this.loaded = false;
    if (this.closed || this.lost || this.freshUntil === 0) return; // a start that has not connected yet is told in `start`
    this.lost = true;
    this.options.logger.warn(
      `Lost the token revocation feed (Redis): signed-in requests keep being checked against what is held for ${this.graceMs} ms, then are refused (503) until it is read again`,
    );
  }

  private registerGauges(registry: Registry): void {
    // `collect` runs with the gauge as `this`: the feed's state is read through these.
    const inSync = () => this.inSync;
    const held = () => this.list.size;
    new Gauge({
      name: 'token_revocations_in_sync',
      help: '1 while this instance holds every token revocation (Redis subscription alive and read); 0 while signed-in requests would be refused',
      registers: [registry],
      collect() {
        this.set(inSync() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'token_revocations_held',
      help: 'Token revocations (sessions, accounts, role changes) this instance holds in memory',
      registers: [registry],
      collect() {
        this.set(held());
      },
    });
  }
}
