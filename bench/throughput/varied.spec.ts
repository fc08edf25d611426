import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getVariableValues, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { variedCatalogPageQuery } from './queries';
import { variedVariables } from './varied';

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'api.graphql'), 'utf8'));
const operation = parse(variedCatalogPageQuery).definitions[0] as OperationDefinitionNode;
const setting = { categoryId: '6b1', priceAscCursors: ['c1', 'c2', 'c3'] };

describe('variedVariables', () => {
  const requests = Array.from({ length: 5_000 }, (_, seq) => variedVariables(seq, setting));

  it('never repeats a request', () => {
    expect(new Set(requests.map((variables) => JSON.stringify(variables))).size).toBe(requests.length);
  });

  it('varies page size, sort, search, cursor and filters', () => {
    expect(new Set(requests.map((variables) => variables.first))).toEqual(new Set([18, 19, 20, 21, 22, 23, 24]));
    expect(new Set(requests.map((variables) => variables.sortBy)).size).toBe(6);
    expect(new Set(requests.map((variables) => variables.search)).size).toBeGreaterThan(10);
    expect(new Set(requests.map((variables) => variables.after))).toEqual(new Set([undefined, 'c1', 'c2', 'c3']));
    expect(requests.some((variables) => (variables.filter as Record<string, unknown>).colours)).toBe(true);
    expect(requests.some((variables) => (variables.filter as Record<string, unknown>).occasions)).toBe(true);
  });

  it('is the same sequence for every target, and valid for the API', () => {
    expect(variedVariables(123, setting)).toEqual(variedVariables(123, setting));
    for (const variables of requests.slice(0, 200)) expect(getVariableValues(schema, operation.variableDefinitions ?? [], variables).errors ?? []).toEqual([]);
  });
});
