/**
 * Cache tags: what a subgraph's answer depends on (`reads`) and what a request changed (`changes`), named so
 * the router can keep its cached answers exactly as fresh as the data (see router/cache/). A tag is
 *
 * - `<subgraph>`: everything of the subgraph (a write that does not say more);
 * - `<subgraph>:<Type>`: which entities of the type exist and how lists of them are filtered and ordered
 *   (a listing reads it; a change that can move an entity into, out of or within a list changes it);
 * - `<subgraph>:<Type>:<id>`: one entity's fields;
 * - `<subgraph>:<Type>:<id>:<aspect>`: one fast-changing part of an entity that few answers show (a
 *   product's stock count), so that its changes spare the answers that never show it.
 *
 * Tags are flat: an answer lists every tag it depends on, a change every tag it touched. The rules that keep
 * this safe:
 * - a subgraph that reports the changes of a write must tag every read of what that write can change;
 * - a write that reports no changes of its own changes everything of its subgraph (the runtime adds the tag
 *   `<subgraph>` to a mutation's answer that said nothing, and to a called mutation's that said nothing);
 * - an answer that reports no reads depends on any change of its subgraph.
 *
 * Subgraphs report them in the response's `extensions.cacheTags`; the router takes them off before answering
 * clients. A subgraph calling another on a request's behalf adds the callee's tags to its own (`absorb`).
 */
export interface ReportedCacheTags {
  reads?: string[];
  changes?: string[];
}

/** The response extension that carries them. */
export const CACHE_TAGS_EXTENSION = 'cacheTags';

/** One request's tags in one subgraph. */
export class CacheTags {
  private readonly reads = new Set<string>();
  private readonly changes = new Set<string>();
  private ownChanges = false;

  constructor(readonly subgraph: string) {}

  /** Whether this subgraph said what it changed itself (changes absorbed from others do not count). */
  get declaredOwnChanges(): boolean {
    return this.ownChanges;
  }

  /** This answer depends on `type` (lists), one entity of it, or one aspect of that entity. */
  read(type: string, id?: string, aspect?: string): void {
    this.reads.add(this.tag(type, id, aspect));
  }

  /** This request changed `type` (lists), one entity of it, or one aspect of that entity. */
  changed(type: string, id?: string, aspect?: string): void {
    this.changes.add(this.tag(type, id, aspect));
    this.ownChanges = true;
  }

  /** This request changed nothing cached answers show (a write refused before it wrote, say): nothing to invalidate. */
  changedNothing(): void {
    this.ownChanges = true;
  }

  /** This request may have changed anything of this subgraph (a write that does not say what it changed). */
  changedEverything(): void {
    this.changes.add(this.subgraph);
    this.ownChanges = true;
  }

  /** Takes in what another subgraph reported for a call made for this request. */
  absorb(reported: ReportedCacheTags | undefined): void {
    for (const tag of reported?.reads ?? []) this.reads.add(tag);
    for (const tag of reported?.changes ?? []) this.changes.add(tag);
  }

  /**
   * What goes into the response's extensions; undefined when there is nothing to say. Changes declared as none
   * are reported as an empty list: "nothing changed" is not the same as saying nothing.
   */
  report(): ReportedCacheTags | undefined {
    if (this.reads.size === 0 && this.changes.size === 0 && !this.ownChanges) return undefined;
    const reported: ReportedCacheTags = {};
    if (this.reads.size > 0) reported.reads = [...this.reads];
    if (this.changes.size > 0 || this.ownChanges) reported.changes = [...this.changes];
    return reported;
  }

  private tag(type: string, id?: string, aspect?: string): string {
    let tag = `${this.subgraph}:${type}`;
    if (id !== undefined) tag += `:${id}`;
    if (aspect !== undefined) tag += `:${aspect}`;
    return tag;
  }
}

const isTagList = (value: unknown): value is string[] => Array.isArray(value) && value.every((tag) => typeof tag === 'string');

/** The tags in a response's extensions, if they are well formed (anything else is ignored). */
export function reportedCacheTags(extensions: Record<string, unknown> | undefined | null): ReportedCacheTags | undefined {
  const value = extensions?.[CACHE_TAGS_EXTENSION] as Record<string, unknown> | undefined;
  if (!value || typeof value !== 'object') return undefined;
  const reported: ReportedCacheTags = {};
  if (isTagList(value.reads)) reported.reads = value.reads;
  if (isTagList(value.changes)) reported.changes = value.changes;
  return reported.reads || reported.changes ? reported : undefined;
}
