import { randomUUID } from 'node:crypto';
import type { ChannelModel, Options } from 'amqplib';
import { deadLetterQueueOf } from './redelivery-headers';

/**
 * A queue of one process that outlives its connection: `<instance>.<instanceId>`, durable, not exclusive, so
 * events published while the process is cut off from the broker (a broker restart, a network cut) wait in it
 * and arrive in order once it consumes again. The broker deletes it once unused for `expiresMs` (the process
 * crashed and never came back); the process deletes it when it closes.
 */
export interface InstanceQueue {
  /** What all instances share, e.g. `router.order-events`: the label in logs and metrics. */
  instance: string;
  /** This process's own part of the name (random per process: a restarted one has nobody to deliver the old backlog to). */
  instanceId: string;
  /** `x-expires`: how long the queue may go unused (no consumer) before the broker deletes it. */
  expiresMs: number;
  /**
   * `x-max-length`: events kept at most. Past it the oldest are dropped (`drop-head`): a router away too long
   * misses its oldest changes rather than making the publishers' confirms fail, which `reject-publish` would
   * do for every queue the event is routed to (the orders relay would retry it forever).
   */
  maxLength: number;
}

/**
 * Which queue a consumer takes events from: a durable queue of its own, shared by its instances (a string);
 * an exclusive queue of one connection (`{ exclusive: label }`: server-named, gone with the connection, so
 * nothing is kept while disconnected); or a queue of one process that outlives its connection (InstanceQueue).
 */
export type ConsumerQueue = string | { exclusive: string } | InstanceQueue;

/** How a consumer declares, labels and treats its queue. */
export interface QueuePlan {
  /** Names the queue in logs and metrics (without a per-process part, so metric series stay the same). */
  label: string;
  /** The name to declare ('' lets the broker name an exclusive queue). */
  name: string;
  declare: Options.AssertQueue;
  /** `<queue>.dead` for a shared durable queue; null for a queue of one process, whose dead letters nobody would read. */
  deadLetterQueue: string | null;
  /** Whether the queue outlives its connection as this process's own (deleted when the consumer closes). */
  ownedByProcess: boolean;
}

export function queuePlanOf(queue: ConsumerQueue): QueuePlan {
  if (typeof queue === 'string') {
    return { label: queue, name: queue, declare: { durable: true }, deadLetterQueue: deadLetterQueueOf(queue), ownedByProcess: false };
  }
  if ('exclusive' in queue) {
    return { label: queue.exclusive, name: '', declare: { exclusive: true, autoDelete: true, durable: false }, deadLetterQueue: null, ownedByProcess: false };
  }
  return {
    label: queue.instance,
    name: `${queue.instance}.${queue.instanceId}`,
    // Durable (with persistent messages it survives a broker restart), not auto-delete (that would go with the
    // consumer on a lost connection); x-expires removes it once its process is gone for good.
    declare: { durable: true, arguments: { 'x-expires': queue.expiresMs, 'x-max-length': queue.maxLength, 'x-overflow': 'drop-head' } },
    // No dead-letter queue: it would be named after a process that is gone by the time anyone looks, and outlive it.
    deadLetterQueue: null,
    ownedByProcess: true,
  };
}

/**
 * The queue a replica takes the other replicas' announcements from (the catalog's changes, the reviews' ratings):
 * its own, kept while it is cut off from the broker, so what was announced meanwhile is applied once it is back.
 * The broker deletes it after five unused minutes (the process died: the next one loads from the store), and
 * keeps at most 10,000 announcements (past it the oldest go: the replica's catch-up or reload makes them up).
 */
export const replicaQueue = (instance: string): InstanceQueue => ({ instance, instanceId: randomUUID(), expiresMs: 300_000, maxLength: 10_000 });

/** Whether a queue exists, asked on a channel of its own (a passive declare of a missing queue closes its channel). */
export async function queueExists(model: ChannelModel, name: string): Promise<boolean> {
  const channel = await model.createChannel();
  channel.on('error', () => {});
  try {
    await channel.checkQueue(name);
  } catch (error) {
    if ((error as { code?: number }).code === 404) return false;
    throw error;
  }
  await channel.close();
  return true;
}
