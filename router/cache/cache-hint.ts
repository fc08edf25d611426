/** How long an answer may be kept and for whom, as a subgraph's (or the router's) Cache-Control header says. */
export interface CacheHint {
  maxAge: number;
  scope: 'PUBLIC' | 'PRIVATE';
}

const NO_HINT: Readonly<CacheHint> = Object.freeze({ maxAge: 0, scope: 'PUBLIC' });

/** Headers read so far. Subgraphs send a handful of distinct ones, and every cached entity of a page carries one. */
const read = new Map<string, Readonly<CacheHint>>();
/** Past this many distinct headers (a subgraph putting something variable in its header), they are read afresh. */
const HEADERS_REMEMBERED = 256;

/** Reads `max-age` and `public`/`private` from a Cache-Control header; anything else (no-store, none) is max-age 0. */
export function cacheHintOf(header: string | null | undefined): Readonly<CacheHint> {
  if (!header) return NO_HINT;
  let hint = read.get(header);
  if (hint === undefined) {
    hint = Object.freeze(parse(header));
    if (read.size >= HEADERS_REMEMBERED) read.clear();
    read.set(header, hint);
  }
  return hint;
}

function parse(header: string): CacheHint {
  const hint: CacheHint = { maxAge: 0, scope: 'PUBLIC' };
  for (const directive of header.split(',')) {
    const [name, value] = directive.trim().toLowerCase().split('=');
    if (name === 'max-age' && value !== undefined && /^\d+$/.test(value)) hint.maxAge = Number(value);
    else if (name === 'private') hint.scope = 'PRIVATE';
    else if (name === 'no-store' || name === 'no-cache') return { maxAge: 0, scope: hint.scope };
  }
  return hint;
}
