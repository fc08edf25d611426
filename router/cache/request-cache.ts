import { reportedCacheTags, type ReportedCacheTags } from '../../runtime/graphql/cache-tags';
import { dependencyTags } from './tag-rules';

/** The keys of one request body's answer: shared by a pool of callers, or kept for one account. */
export interface AnswerKeys {
  shared: string;
  account?: string;
}

/** Invalidates what a write reported it changed (its raw change tags); false when that could not be done. */
export type InvalidateChanges = (changes: readonly string[]) => Promise<boolean>;

/**
 * What the router's caches learn about one request while it runs: the epoch read before any of its data
 * (null: nothing of it may be cached), the tags its answer depends on, and what it changed.
 *
 * A mutation's changes are invalidated as soon as its subgraph reports them (`invalidateAsItGoes`), so the calls
 * its plan makes afterwards (the products of a cart line, say) may be answered from the cache: an answer kept
 * before the write that shows what it changed is stale by then, exactly as for the caller's next query.
 */
export class RequestCache {
  /** Set once, before the first subgraph call; null while Redis is unreachable or the cache is off. */
  epoch: number | null = null;
  /** Where the whole answer would be kept, by who may share it (set by the fast path, which hashed the body). */
  answerKeys: AnswerKeys | null = null;
  /** The epoch the fast path's look-up read, when it missed: `epoch` without a round trip of its own. */
  epochAtLookUp: number | undefined;
  readonly dependsOn = new Set<string>();
  readonly changed = new Set<string>();
  private invalidate: InvalidateChanges | undefined;
  private readonly invalidated = new Set<string>();
  private invalidating: Promise<boolean> = Promise.resolve(true);

  /** From now on, every change recorded is invalidated at once (see the class comment). */
  invalidateAsItGoes(invalidate: InvalidateChanges): void {
    this.invalidate = invalidate;
    this.invalidateNew();
  }

  /**
   * Whether every change recorded so far has been invalidated, once it has: only then may a later call of this
   * request be answered from the cache. False when changes are not invalidated as they go, or one could not be.
   */
  changesInvalidated(): Promise<boolean> {
    return this.invalidate ? this.invalidating : Promise.resolve(false);
  }

  /** The changes not invalidated yet (to be invalidated before the answer leaves), marked as invalidated. */
  takeChangesLeft(): string[] {
    const left = [...this.changed].filter((tag) => !this.invalidated.has(tag));
    for (const tag of left) this.invalidated.add(tag);
    return left;
  }

  /** A subgraph's answer for this request: what it read, and what it changed (a write that said nothing changed all of it). */
  recordAnswer(subgraph: string, extensions: Record<string, unknown> | undefined, forWrite: boolean): ReportedCacheTags | undefined {
    const reported = reportedCacheTags(extensions);
    for (const tag of dependencyTags(subgraph, reported)) this.dependsOn.add(tag);
    for (const tag of reported?.changes ?? (forWrite ? [subgraph] : [])) this.changed.add(tag);
    this.invalidateNew();
    return reported;
  }

  /** A cached subgraph answer used for this request. */
  recordCached(tags: readonly string[]): void {
    for (const tag of tags) this.dependsOn.add(tag);
  }

  /** A call for a write that got no answer: it may have changed anything of that subgraph. */
  recordUnanswered(subgraph: string, forWrite: boolean): void {
    if (!forWrite) return;
    this.changed.add(subgraph);
    this.invalidateNew();
  }

  private invalidateNew(): void {
    if (!this.invalidate) return;
    const changes = this.takeChangesLeft();
    if (changes.length === 0) return;
    const before = this.invalidating;
    const now = this.invalidate(changes);
    this.invalidating = Promise.all([before, now]).then(([earlier, these]) => earlier && these);
  }
}
