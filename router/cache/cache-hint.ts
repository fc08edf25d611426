/** How long an answer may be kept and for whom, as a subgraph's (or the router's) Cache-Control header says. */
export interface CacheHint {
  maxAge: number;
  scope: 'PUBLIC' | 'PRIVATE';
}

/** Reads `max-age` and `public`/`private` from a Cache-Control header; anything else (no-store, none) is max-age 0. */
export function cacheHintOf(header: string | null | undefined): CacheHint {
  const hint: CacheHint = { maxAge: 0, scope: 'PUBLIC' };
  if (!header) return hint;
  for (const directive of header.split(',')) {
    const [name, value] = directive.trim().toLowerCase().split('=');
    if (name === 'max-age' && value !== undefined && /^\d+$/.test(value)) hint.maxAge = Number(value);
    else if (name === 'private') hint.scope = 'PRIVATE';
    else if (name === 'no-store' || name === 'no-cache') return { maxAge: 0, scope: hint.scope };
  }
  return hint;
}
