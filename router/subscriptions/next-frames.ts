import type { Duplex } from 'node:stream';
import { MessageType } from 'graphql-ws';
import WebSocket from 'ws';

/** Bytes a client's socket may hold unsent before the client is taken for one that stopped reading. */
export const MAX_UNSENT_BYTES = 4 * 1024 * 1024;

export interface SlowClientLimit {
  /** Most bytes written and not yet taken by the client (the socket's `bufferedAmount`) before it is dropped. */
  maxBufferedBytes: number;
  /** Called once when the client is dropped for it. */
  onTooSlow: () => void;
}

/**
 * Writes graphql-ws `next` messages whose payload is already JSON (one serialisation per hydration, shared by
 * every subscriber of it) to one client's WebSocket. The first write of a tick corks the TCP socket until the
 * next tick, so the results of one event for the many subscriptions of a socket go out in one write, not one each.
 *
 * A client that stops reading (a frozen tab, a phone that lost its radio without closing) would make the router
 * hold every event for it in memory, without bound. Past `maxBufferedBytes` unsent, the socket is cut instead:
 * such a client cannot read a close frame, and when it comes back its subscriptions resume from the last
 * change they saw (`afterSequence`, `after`), missing nothing.
 */
export class NextFrames {
  private corked = false;
  private dropped = false;

  /** `transport` is the upgraded HTTP request's socket, the one the WebSocket writes to. */
  constructor(
    private readonly socket: WebSocket,
    private readonly transport: Duplex,
    private readonly limit: SlowClientLimit,
  ) {}

  /** Sends `{"id":…,"type":"next","payload":…}`; false when the socket is no longer open (or was cut here). */
  send(id: string, payload: string): boolean {
    if (this.dropped || this.socket.readyState !== WebSocket.OPEN) return false;
    if (this.socket.bufferedAmount > this.limit.maxBufferedBytes) {
      this.dropped = true;
      this.socket.terminate();
      this.limit.onTooSlow();
      return false;
    }
    if (!this.corked) {
      this.corked = true;
      this.transport.cork();
      process.nextTick(() => {
        this.corked = false;
        this.transport.uncork();
      });
    }
    this.socket.send(`{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":${payload}}`);
    return true;
  }
}
