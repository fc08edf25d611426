import { reportedCacheTags, type ReportedCacheTags } from '../../runtime/graphql/cache-tags';
import { dependencyTags } from './tag-rules';

/** The keys of one request body's answer: shared by a pool of callers, or kept for one account. */
export interface AnswerKeys {
  shared: string;
  account?: string;
}

/**
 * What the router's caches learn about one request while it runs: the epoch read before any of its data
 * (null: nothing of it may be cached), the tags its answer depends on, and what it changed.
 */
export class RequestCache {
  /** Set once, before the first subgraph call; null while Redis is unreachable or the cache is off. */
  epoch: number | null = null;
  /** Where the whole answer would be kept, by who may share it (set by the fast path, which hashed the body). */
  answerKeys: AnswerKeys | null = null;
  readonly dependsOn = new Set<string>();
  readonly changed = new Set<string>();

  /** A subgraph's answer for this request: what it read, and what it changed (a write that said nothing changed all of it). */
  recordAnswer(subgraph: string, extensions: Record<string, unknown> | undefined, forWrite: boolean): ReportedCacheTags | undefined {
    const reported = reportedCacheTags(extensions);
    for (const tag of dependencyTags(subgraph, reported)) this.dependsOn.add(tag);
    for (const tag of reported?.changes ?? (forWrite ? [subgraph] : [])) this.changed.add(tag);
    return reported;
  }

  /** A cached subgraph answer used for this request. */
  recordCached(tags: readonly string[]): void {
    for (const tag of tags) this.dependsOn.add(tag);
  }

  /** A call for a write that got no answer: it may have changed anything of that subgraph. */
  recordUnanswered(subgraph: string, forWrite: boolean): void {
    if (forWrite) this.changed.add(subgraph);
  }
}
