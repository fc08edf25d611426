import { GraphQLDateTimeISO, GraphQLLocalDate } from 'graphql-scalars';
import type { GraphQLScalarType } from 'graphql';

/**
 * A calendar date without a time zone, `YYYY-MM-DD` (graphql-scalars' `LocalDate`, which refuses 2026-02-30): a
 * delivery day is a day of the shop's calendar, not an instant, so it is neither a `DateTimeISO` nor a JS Date.
 */
export const LocalDate = GraphQLLocalDate;

/**
 * The custom scalars clients send as arguments, by name, as the subgraphs parse them (type-graphql's
 * `DateTimeISO` is graphql-scalars' own). The router's supergraph knows these only by name and would pass any
 * value on, to be refused inside a subgraph call; with these it refuses a bad one itself (router/protection/scalar-arguments.ts).
 */
export const INPUT_SCALARS: ReadonlyMap<string, GraphQLScalarType> = new Map<string, GraphQLScalarType>([
  [GraphQLDateTimeISO.name, GraphQLDateTimeISO],
  [LocalDate.name, LocalDate],
]);
