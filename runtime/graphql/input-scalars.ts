import { GraphQLDateTimeISO } from 'graphql-scalars';
import type { GraphQLScalarType } from 'graphql';

/**
 * The custom scalars clients send as arguments, by name, as the subgraphs parse them (type-graphql's
 * `DateTimeISO` is graphql-scalars' own). The router's supergraph knows these only by name and would pass any
 * value on, to be refused inside a subgraph call; with these it refuses a bad one itself (router/protection/scalar-arguments.ts).
 */
export const INPUT_SCALARS: ReadonlyMap<string, GraphQLScalarType> = new Map([[GraphQLDateTimeISO.name, GraphQLDateTimeISO]]);
