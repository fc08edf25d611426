import type { Duplex } from 'node:stream';
import { MessageType } from 'graphql-ws';
import WebSocket from 'ws';

/**
 * Writes graphql-ws `next` messages whose payload is already JSON (one serialisation per hydration, shared by
 * every subscriber of it) to one client's WebSocket. The first write of a tick corks the TCP socket until the
 * next tick, so the results of one event for the many subscriptions of a socket go out in one write, not one each.
 */
export class NextFrames {
  private corked = false;

  /** `transport` is the upgraded HTTP request's socket, the one the WebSocket writes to. */
  constructor(
    private readonly socket: WebSocket,
    private readonly transport: Duplex,
  ) {}

  /** Sends `{"id":…,"type":"next","payload":…}`; false when the socket is no longer open. */
  send(id: string, payload: string): boolean {
    if (this.socket.readyState !== WebSocket.OPEN) return false;
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
