import type { EventEmitter } from 'node:events';

/**
 * Whether amqplib's recovering connection is opening a connection right now, so that closing can wait for it.
 * Its recovery closes a connection that finishes opening after it was told to stop without listening to it: if the
 * socket then ends during that close (a broker restarting, a relay going down), the error has no listener and ends
 * the process. Closing after the attempt has ended instead finds the connection bound (and listened to) or gone.
 *
 * Reads the connection's own events: an attempt is under way from the start until `connect` or `connect-failed`,
 * and again from the time `reconnect-scheduled` announced (its delay) until the next of those.
 */
export function watchConnectAttempts(connection: EventEmitter): { ended(maxWaitMs: number): Promise<void> } {
  // When the attempt under way started or starts (ms since the epoch); null when none is under way or scheduled.
  let attemptAt: number | null = Date.now();
  const done = () => {
    attemptAt = null;
  };
  connection.on('connect', done);
  connection.on('connect-failed', done);
  connection.on('reconnect-failed', done);
  connection.on('reconnect-scheduled', ({ delay }: { delay: number }) => {
    attemptAt = Date.now() + delay;
  });
  return {
    /**
     * Resolves at once when no attempt is under way (a scheduled one is cancelled by closing at once, in the same
     * turn), else when it ends, or after `maxWaitMs`.
     */
    ended(maxWaitMs) {
      if (attemptAt === null || Date.now() < attemptAt) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          for (const event of ['connect', 'connect-failed', 'reconnect-failed']) connection.off(event, finish);
          resolve();
        };
        const timer = setTimeout(finish, maxWaitMs);
        for (const event of ['connect', 'connect-failed', 'reconnect-failed']) connection.on(event, finish);
      });
    },
  };
}
