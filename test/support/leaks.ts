// What no production answer may tell a client: how the shop is built and where its parts run.

const LEAKS: Array<[what: string, pattern: RegExp]> = [
  ['a stack trace', /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|\/|node:)[^)\s"]*:\d+:\d+|"stacktrace"|"exception"/],
  ['a file path', /\/(?:app|work|home|root|usr|tmp|opt|var|srv|src|dist)\/[\w.-]+|node_modules|\.(?:[cm]?js|ts):\d+/],
  [
    'SQL or ORM text',
    /prisma|invocation|\bSELECT\b[\s\S]+\bFROM\b|\bINSERT INTO\b|\bDELETE FROM\b|\bUPDATE\b[\s\S]+\bSET\b|relation "|Mongo(?:Server|Network)?Error|ioredis|\b(?:postgres(?:ql)?|mongodb|redis|amqp):\/\//i,
  ],
  [
    'an internal address',
    /127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1?\]|\b10\.\d+\.\d+\.\d+|\b192\.168\.\d+\.\d+|\bhttps?:\/\/|\b(?:\d{1,3}\.){3}\d{1,3}:\d+|\b(?:router|auth|catalog|users|orders|cart|wishlist|reviews|contact|postgres|mongo|redis|rabbitmq):\d{2,5}\b/i,
  ],
  ['a suggestion', /did you mean/i],
];

/** What of the above a text holds, each with the part that gave it away. */
export function leaksIn(text: string): string[] {
  return LEAKS.flatMap(([what, pattern]) => {
    const found = pattern.exec(text);
    return found ? [`${what}: …${text.slice(Math.max(0, found.index - 40), found.index + found[0].length + 40)}…`] : [];
  });
}
