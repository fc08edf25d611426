import type { ChainableCommander } from 'ioredis';
import { serviceUnavailable } from '../errors';

/**
 * What a service answers while its Redis does not: a retryable SERVICE_UNAVAILABLE, never what an empty store
 * would answer (a cart read as empty made checkout say EMPTY_CART).
 */
export const redisUnavailable = () => serviceUnavailable({ message: 'The store of this service is not answering; try again shortly' });

/** Whether a Redis command failed because Redis could not be reached (rather than refusing the command). */
export function isRedisUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'MaxRetriesPerRequestError' || /Connection is closed|Stream isn't writeable|ECONNREFUSED|ECONNRESET|ETIMEDOUT/.test(error.message);
}

/** The result of a Redis call, with an unreachable Redis turned into SERVICE_UNAVAILABLE. */
export async function fromRedis<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw isRedisUnreachable(error) ? redisUnavailable() : error;
  }
}

/**
 * The replies of a pipeline or transaction, in order. ioredis reports a failed command inside the reply array
 * rather than by rejecting: any failure is thrown here, so no caller reads a missing reply as "nothing there".
 */
export async function pipelineReplies(pipeline: ChainableCommander): Promise<unknown[]> {
  const replies = await fromRedis(pipeline.exec());
  if (replies === null) throw redisUnavailable(); // a transaction aborted by the connection
  const failed = replies.find(([error]) => error !== null)?.[0];
  if (failed) throw isRedisUnreachable(failed) ? redisUnavailable() : failed;
  return replies.map(([, value]) => value);
}
