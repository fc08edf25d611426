import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { NextFrames } from './next-frames';

// Real sockets on loopback: the kernel's buffers take a few megabytes before anything waits in the router.
const LIMIT = 256 * 1024;
const payload = JSON.stringify({ data: { orderChanges: { note: 'x'.repeat(1_000) } } });

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A client connected to a server whose side of the socket writes through NextFrames. */
async function connected() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  servers.push(server);
  await once(server, 'listening');
  const accepted = once(server, 'connection') as Promise<[WebSocket, { socket: Duplex }]>;
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const [socket, request] = await accepted;
  await once(client, 'open');
  let cut = 0;
  const frames = new NextFrames(socket, request.socket, { maxBufferedBytes: LIMIT, onTooSlow: () => (cut += 1) });
  return { client, socket, frames, cuts: () => cut };
}

const nextTick = () => new Promise((resolve) => setImmediate(resolve));

describe('NextFrames: a client that stops reading', () => {
  it('is cut once its unsent events pass the limit, instead of being buffered without bound', async () => {
    const { client, socket, frames, cuts } = await connected();
    (client as unknown as { _socket: Duplex })._socket.pause(); // a frozen tab: connected, reading nothing
    let sent = 0;
    // An event at a time, as the fan-out writes them; the kernel's buffers fill first, then the router's.
    for (let event = 0; event < 50_000 && frames.send(String(event), payload); event += 1) {
      sent += 1;
      if (event % 50 === 0) await nextTick();
    }
    expect(cuts()).toBe(1);
    expect(sent).toBeLessThan(50_000);
    expect(socket.readyState === WebSocket.CLOSING || socket.readyState === WebSocket.CLOSED).toBe(true);
    expect(socket.bufferedAmount).toBeLessThanOrEqual(LIMIT + payload.length * 2); // never far past it
    expect(frames.send('after', payload)).toBe(false);
    expect(cuts()).toBe(1);
  });

  it('keeps a client that reads, however many events it gets', async () => {
    const { client, frames, cuts } = await connected();
    let received = 0;
    client.on('message', () => (received += 1));
    const events = 6_000; // ~6 MB, more than the kernel's buffers and the limit together
    for (let event = 0; event < events; event += 1) {
      expect(frames.send(String(event), payload)).toBe(true);
      if (event % 20 === 0) await nextTick();
    }
    await expect.poll(() => received, { timeout: 10_000 }).toBe(events);
    expect(cuts()).toBe(0);
  });
});
