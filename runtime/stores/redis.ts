import { Redis } from 'ioredis';
import type { ReadinessCheck } from '../health';
import { countRoundTrip, trackGraphQLWork } from './round-trips';

export interface RedisStore {
  redis: Redis;
  readiness: ReadinessCheck;
  close: () => Promise<void>;
}

/**
 * Connects to Redis and waits until it answers, so a wrong URL fails at start. `connectionName` is the
 * service name: every command sent on the connection (pipelined ones too) counts as one of its round trips.
 */
export async function connectRedis(url: string, connectionName: string): Promise<RedisStore> {
  const redis = new Redis(url, { connectionName, lazyConnect: true, maxRetriesPerRequest: 2 });
  countCommands(redis, connectionName);
  await redis.connect();
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
  trackGraphQLWork();
  const counted = new WeakSet<object>();
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command, ...rest) => {
    // A command can pass here again (offline queue flush, resend after a reconnect): count it once.
    if (!counted.has(command)) {
      counted.add(command);
      countRoundTrip(service, 'redis');
    }
    return send(command, ...rest);
  }) as typeof redis.sendCommand;
}
