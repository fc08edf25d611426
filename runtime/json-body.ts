import type { IncomingMessage } from 'node:http';

/** JSON in UTF-8, its default: another charset (which express.json decodes) is left to Express. */
const UTF8_JSON = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;

/**
 * The whole body of a POST sent as JSON in UTF-8, not compressed, whose declared length is within `maxBytes` (an empty buffer
 * when fewer or more bytes came: no JSON); undefined for anything else, left unread for Express's body parser, which
 * reads, inflates or refuses it as it always does. What a path before Express (runtime/http-service.ts FastPath)
 * reads a body with.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> | undefined {
  const declared = Number(req.headers['content-length']);
  const type = req.headers['content-type'];
  const encoding = req.headers['content-encoding'];
  if (!Number.isInteger(declared) || declared <= 0 || declared > maxBytes || type === undefined || !UTF8_JSON.test(type)) return undefined;
  if (encoding !== undefined && encoding !== 'identity') return undefined;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      chunks.push(chunk);
    });
    req.once('end', () => resolve(length === declared ? Buffer.concat(chunks, length) : Buffer.alloc(0)));
    req.once('error', reject);
  });
}
