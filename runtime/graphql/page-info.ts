import { Directive, Field, ObjectType } from 'type-graphql';
import { InheritCacheHint } from './cache-hint';

/** Where a page of a Relay cursor connection ends; shared by every subgraph's connections. */
@InheritCacheHint()
@Directive('@shareable')
@ObjectType({ description: 'Where a page of a cursor connection ends' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on an empty page' })
  endCursor!: string | null;
}

/** Clamps a requested page size: at least 0, at most `max`. */
export const pageSize = (first: number, max = 100) => Math.min(Math.max(Math.trunc(first), 0), max);

/** A page of a cursor connection: its nodes as edges, each with its cursor, and where the page ends. */
export function connectionPage<T>(nodes: readonly T[], cursorOf: (node: T) => string, hasNextPage: boolean) {
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
