import { Redis } from 'ioredis';
import type { ReadinessCheck } from '../health';
import { countRoundTrip, timeRoundTrip } from './round-trips';

export interface RedisStore {
  redis: Redis;
  readiness: ReadinessCheck;
  close: () => Promise<void>;
}

/**
 * Connects to Redis and waits until it answers, so a wrong URL fails at start. `connectionName` is the
 * service name: every command sent on the connection (pipelined ones too) counts as one of its round trips, timed.
 */
export async function connectRedis(url: string, connectionName: string): Promise<RedisStore> {
  // Reconnects at least every second, so the service answers again promptly once Redis is back.
  const redis = new Redis(url, { connectionName, lazyConnect: true, maxRetriesPerRequest: 2, retryStrategy: (times) => Math.min(times * 100, 1_000) });
  countCommands(redis, connectionName);
  redis.on('error', () => {}); // a lost connection is answered per request (SERVICE_UNAVAILABLE) and retried; not a crash
  await redis.connect();
  // Once connected, a command sent while the connection is down fails at once (SERVICE_UNAVAILABLE, see
  // redis-unavailable.ts) instead of waiting in a queue for reconnections: a request must not stall for seconds.
  redis.options.enableOfflineQueue = false;
  return {
    redis,
    readiness: { name: 'redis', check: () => redis.ping() },
    close: async () => {
      await redis.quit();
    },
  };
}

/** ioredis has no per-connection command event: wrap `sendCommand`, through which every command passes. */
function countCommands(redis: Redis, service: string): void {
  const counted = new WeakSet<object>();
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = (command, ...rest) => {
    // A command can pass here again (offline queue flush, resend after a reconnect): count it once.
    if (!counted.has(command)) {
      counted.add(command);
      countRoundTrip(service, 'redis');
      // Its promise settles with the answer, whichever way the command travels (pipelined ones too).
      void timeRoundTrip(service, 'redis', command.promise);
    }
    return send(command, ...rest);
  };
}
