import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, buildSchema, parse, separateOperations, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { countSelections } from './document-limits';
import { measureOperation } from './operation-measure';
import { costPoints, documentPoints } from './work-points';

const root = join(__dirname, '..', '..');
const schema = buildSchema(readFileSync(join(root, 'schema', 'api.graphql'), 'utf8'));
const operationsDir = join(root, 'client', 'operations');
const appsSource = readdirSync(operationsDir)
  .filter((file) => file.endsWith('.graphql'))
  .map((file) => readFileSync(join(operationsDir, file), 'utf8'))
  .join('\n');

/** The points `query` spends in all: one, its document's, and its cost's. */
function pointsOf(query: string): number {
  const document = parse(query);
  const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions
      .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
      .map((fragment) => [fragment.name.value, fragment]),
  );
  const { cost } = measureOperation(schema, operation, fragments, {}, { defaultListSize: 10 });
  return 1 + documentPoints(query.length, countSelections(document)) + costPoints(cost);
}

// The heaviest documents the default limits let through (as bench/hostile/documents.ts sends them).
const widest = `query Wide { products(first: 1) { edges { node { ${'name '.repeat(297)} } } } }`;
const costliest =
  'query Costly { products(first: 40) { edges { node { id name price { amount currency } reviews(first: 40) { edges { node { id rating body } } } } } } }';
const unparseable = `query Broken { ${'a '.repeat(2_990)}`;

describe('work points', () => {
  it("spend one point for each of the apps' own operations", () => {
    const operations = Object.entries(separateOperations(parse(appsSource)));
    expect(operations.length).toBeGreaterThan(15);
    for (const [name, document] of operations) {
      const printed = document.definitions.map((definition) => definition.loc!.source.body.slice(definition.loc!.start, definition.loc!.end)).join('\n');
      expect(pointsOf(printed), name).toBe(1);
    }
  });

  it('spend several for the heaviest documents the default limits let through', () => {
    expect(pointsOf(widest)).toBeGreaterThanOrEqual(6);
    expect(pointsOf(costliest)).toBeGreaterThanOrEqual(6);
    // Never parsed: its length is its weight.
    expect(1 + documentPoints(unparseable.length, 0)).toBeGreaterThanOrEqual(2);
  });
});
