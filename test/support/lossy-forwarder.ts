import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LossyForwarder {
  url: string;
  /** How many answers it dropped so far. */
  readonly dropped: number;
  /** Resolves once it has dropped `count` answers (the target did the work by then). */
  droppedAtLeast(count: number): Promise<void>;
  close(): Promise<void>;
}

export interface LossyForwarderOptions {
  /**
   * Keep the client's connection open, never answering, instead of cutting it: the caller waits (until its own timeout,
   * or until it dies, which is what a test kills it for) as when a network stalls after the callee did the work.
   */
  hold?: boolean;
}

/**
 * An HTTP forwarder in front of `targetUrl`: every request reaches the target, but when `drop(body)` is true the
 * target's answer is thrown away and the client's connection cut, as when a network fails after the callee did
 * the work (the case where the caller cannot know whether its call took effect).
 */
export async function startLossyForwarder(targetUrl: string, drop: (body: string) => boolean, options: LossyForwarderOptions = {}): Promise<LossyForwarder> {
  let dropped = 0;
  const waiting: Array<{ count: number; resolve: () => void }> = [];
  const held = new Set<IncomingMessage['socket']>();
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name))) as Record<
      string,
      string
    >;
    const answer = await fetch(targetUrl, { method: req.method, headers, body: req.method === 'GET' ? undefined : body });
    const text = await answer.text();
    if (drop(body)) {
      dropped += 1;
      if (options.hold) held.add(req.socket);
      else req.socket.destroy();
      for (const waiter of waiting.filter((entry) => entry.count <= dropped)) waiter.resolve();
      return;
    }
    // The answer's own headers (its Cache-Control among them), but those of the hop and the length of a body read whole.
    const passed = [...answer.headers].filter(([name]) => !HOP_HEADERS.has(name));
    res.writeHead(answer.status, Object.fromEntries(passed));
    res.end(text);
  };
  const server = createServer((req, res) => void forward(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(targetUrl);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    get dropped() {
      return dropped;
    },
    droppedAtLeast: (count) => (dropped >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve }))),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of held) socket.destroy();
      }),
  };
}

const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
