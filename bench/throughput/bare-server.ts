// The ceiling: a bare Node HTTP server that reads the JSON request and answers a fixed JSON body per operation
// (a real response of that operation, so the bytes on the wire match). Nothing is resolved: what it serves is
// what this machine, Node's HTTP stack and the load generator allow at best.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

// A file, not a variable: one answer may be larger than the 128 KB an environment string may hold.
const responses = new Map(Object.entries(JSON.parse(readFileSync(process.env.BENCH_BARE_RESPONSES_FILE!, 'utf8')) as Record<string, string>));

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const { operationName } = JSON.parse(Buffer.concat(chunks).toString()) as { operationName?: string };
    const body = responses.get(operationName ?? '');
    if (body === undefined) res.writeHead(400, { 'content-type': 'application/json' }).end('{"errors":[{"message":"unknown operation"}]}');
    else res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
