import { ERROR_CODES, type ErrorCode } from './codes';

/** The README's section of error codes sits between these lines; `npm run docs:errors` writes it from ERROR_CODES. */
export const TABLE_START = '<!-- error-codes:start (npm run docs:errors writes this table from runtime/errors/codes.ts) -->';
export const TABLE_END = '<!-- error-codes:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|');

function extensionsOf(code: ErrorCode): string {
  const extensions = Object.entries(ERROR_CODES[code].extensions as Record<string, string>);
  return extensions.length === 0 ? '–' : extensions.map(([name, meaning]) => `\`${name}\`: ${cell(meaning)}`).join('; ');
}

const statusOf = (code: ErrorCode) => {
  const doc: { status?: number; webSocketOnly?: true } = ERROR_CODES[code];
  return doc.webSocketOnly ? '– (graphql-ws)' : String(doc.status ?? 200);
};

/** Every code as a Markdown table: code, the router's HTTP status, what it means, its extensions. */
export function errorCodesTable(): string {
  const rows = (Object.keys(ERROR_CODES) as ErrorCode[]).map(
    (code) => `| \`${code}\` | ${statusOf(code)} | ${cell(ERROR_CODES[code].meaning)} | ${extensionsOf(code)} |`,
  );
  return ['| Code | HTTP | Meaning | Extensions |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** `readme` with its table of error codes replaced by the current one; throws when the markers are missing. */
export function withErrorCodesTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start === -1 || end < start) throw new Error(`README.md has no "${TABLE_START}" … "${TABLE_END}" section`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${errorCodesTable()}\n${readme.slice(end)}`;
}
