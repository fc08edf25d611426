import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedSubgraph {
  url: string;
  /** Requests received so far, with their bodies and headers. */
  calls: Array<{ body: string; headers: IncomingMessage['headers'] }>;
  stop: () => Promise<void>;
}

/**
 * A real HTTP server standing in for a subgraph whose answers a test scripts: `answer` gets the call's
 * number (1 for the first) and writes the response (or never does, to hang).
 */
export async function scriptedSubgraph(answer: (call: number, res: ServerResponse, body: string) => void): Promise<ScriptedSubgraph> {
  const calls: ScriptedSubgraph['calls'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      calls.push({ body, headers: req.headers });
      answer(calls.length, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    calls,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a GraphQL JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
