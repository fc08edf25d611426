import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getVariableValues, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { categoryPage, filterPage, nextPage, searchPage } from './browse-requests';
import { shopOperations } from './operations';

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'schema', 'api.graphql'), 'utf8'));
const browseProducts = parse(shopOperations.browseProducts.text).definitions.find(
  (node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION,
)!;
const catalog = { categoryIds: ['6b1', '6b2'], colours: ['red', 'pink', 'white'] };

/** The errors the API would answer these variables of BrowseProducts with (none when they are valid). */
const variableErrors = (variables: Record<string, unknown>) => getVariableValues(schema, browseProducts.variableDefinitions ?? [], variables).errors ?? [];

describe('browse requests', () => {
  it("are valid variables of the apps' BrowseProducts, whatever the draw", () => {
    for (let draw = 0; draw < 300; draw += 1) {
      for (const variables of [categoryPage(catalog, Math.random), searchPage(Math.random), filterPage(catalog, Math.random)]) {
        expect(variableErrors(variables)).toEqual([]);
        expect(variableErrors(nextPage(variables, 'cursor'))).toEqual([]);
      }
    }
  });

  it('keep what the shopper chose when paging on', () => {
    const first = filterPage(catalog, () => 0.1);
    expect(nextPage(first, 'c1')).toEqual({ ...first, after: 'c1' });
  });
});
