import { cancellableDelay } from './backoff';

/**
 * Closes an amqplib connection, or stops waiting after `withinMs`: its close waits for the broker's CloseOk, which
 * never comes when the link was lost or went silent meanwhile (the socket is left to its heartbeat then). Rejects
 * as the close does.
 */
export async function closeWithin(connection: { close(): Promise<void> }, withinMs: number): Promise<void> {
  const givingUp = cancellableDelay(withinMs);
  await Promise.race([connection.close().finally(givingUp.cancel), givingUp.done]);
}
