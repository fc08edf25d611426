import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import { freePort } from './free-port';

/**
 * A TCP relay to a real service for tests (RabbitMQ, Redis): it can refuse connections (as a service that is
 * down does) and cut the open ones (as a restart does), without touching the service itself.
 */
export interface TcpProxy {
  url: string;
  /** Starts accepting connections on the proxy's port. */
  up(): Promise<void>;
  /** Cuts every connection and stops listening: connecting is refused until `up()`. */
  down(): Promise<void>;
  /** Cuts every open connection but keeps accepting new ones. */
  cut(): void;
  /** Holds what clients send (a handshake that stalls) until `release()` passes it on. */
  hold(): void;
  release(): void;
  /** Connections accepted so far. */
  accepted(): number;
}

/** Whether `chunk` (client to broker) holds an AMQP method frame of this class and method (frame type 1). */
const sendsAmqpMethod = (classId: number, methodId: number) => (chunk: Buffer) => {
  for (let at = 0; at + 10 < chunk.length; at += 1) {
    if (chunk[at] === 1 && chunk[at + 7] === 0 && chunk[at + 8] === classId && chunk[at + 9] === 0 && chunk[at + 10] === methodId) return true;
  }
  return false;
};

/** Channel.Open (class 20, method 10): a `cutWhen` that loses a connection just after its handshake. */
export const opensAmqpChannel = sendsAmqpMethod(20, 10);

/** Connection.Close (class 10, method 50): a `cutWhen` that loses a connection while it closes, before the broker's CloseOk. */
export const closesAmqpConnection = sendsAmqpMethod(10, 50);

/**
 * A proxy in front of the service of `serviceUrl`; its `url` is the same (credentials, path) but for the port.
 * `cutWhen` sees what a client sends: when it says so, that connection is cut instead of passing it on (a
 * connection lost at one step of a protocol's exchange).
 */
export async function startTcpProxy(serviceUrl: string, listening = true, cutWhen?: (fromClient: Buffer) => boolean): Promise<TcpProxy> {
  const parsed = new URL(serviceUrl);
  const target = { host: parsed.hostname, port: Number(parsed.port || 5672) };
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let accepted = 0;
  let held: Array<() => void> | null = null;
  const port = await freePort();
  const proxied = new URL(serviceUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);

  const cut = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const up = async () => {
    if (server) return;
    server = createServer((client) => {
      accepted += 1;
      const upstream = connectTcp(target.port, target.host);
      sockets.add(client).add(upstream);
      const close = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      upstream.pipe(client);
      client.on('data', (chunk: Buffer) => {
        if (cutWhen?.(chunk)) return close();
        if (held) held.push(() => upstream.write(chunk));
        else upstream.write(chunk);
      });
      client.on('error', close).on('close', close);
      upstream.on('error', close).on('close', close);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
  };
  const down = async () => {
    cut();
    const closing = server;
    server = null;
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };
  const release = () => {
    const waiting = held ?? [];
    held = null;
    for (const send of waiting) send();
  };
  if (listening) await up();
  const hold = () => {
    held ??= [];
  };
  return { url: proxied.toString(), up, down, cut, hold, release, accepted: () => accepted };
}
