import type { ReportedCacheTags } from '../../runtime/graphql/cache-tags';

/**
 * How the subgraphs' cache tags (runtime/graphql/cache-tags.ts) become what the router's cached answers depend
 * on and what a change invalidates. Every answer from a subgraph depends on `<subgraph>` (everything of it);
 * one that reported no reads also depends on `<subgraph>:*` (any change of it), which every change reported
 * with finer tags invalidates too.
 */
const ANY_CHANGE = ':*';

const subgraphOf = (tag: string) => {
  const colon = tag.indexOf(':');
  return colon < 0 ? tag : tag.slice(0, colon);
};

/** The tags an answer of `subgraph` depends on. */
export function dependencyTags(subgraph: string, reported: ReportedCacheTags | undefined): string[] {
  const reads = reported?.reads;
  if (!reads || reads.length === 0) return [subgraph, subgraph + ANY_CHANGE];
  return [subgraph, ...reads.filter((tag) => subgraphOf(tag) !== '' && !/\s/.test(tag))];
}

/** The tags to invalidate for these reported changes (whole-subgraph tags stay as they are). */
export function invalidationTags(changes: Iterable<string>): Set<string> {
  const tags = new Set<string>();
  for (const tag of changes) {
    if (/\s/.test(tag) || tag.length === 0) continue;
    tags.add(tag);
    if (tag.includes(':')) tags.add(subgraphOf(tag) + ANY_CHANGE);
  }
  return tags;
}
