import { buildSubgraphSchema } from '@apollo/subgraph';
import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { allSubgraphs } from '../../subgraphs';
import { checkSchema } from './check';
import { supergraphFiles } from './files';

// A Federation 2 subgraph (without the @link, composition would treat it as Federation 1, where fields are shareable).
const federation2 = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])\n';

function sdlSubgraph(name: string, sdl: string) {
  return { name, defaultPort: 4000, schema: () => buildSubgraphSchema({ typeDefs: parse(federation2 + sdl) }) };
}

describe('checkSchema', () => {
  it('finds no breaking change between the subgraphs as they are and the committed API schema', () => {
    const result = checkSchema(allSubgraphs, readFileSync(supergraphFiles.api, 'utf8'));
    expect(result.lines.filter((line) => line.startsWith('BREAKING'))).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('fails with the composition errors when the subgraphs do not compose', () => {
    // Two subgraphs resolve the same non-shareable field: composition refuses it.
    const result = checkSchema(
      [sdlSubgraph('one', 'type Query { greeting: String }'), sdlSubgraph('two', 'type Query { greeting: String }')],
      'type Query { greeting: String }',
    );
    expect(result.ok).toBe(false);
    expect(result.lines.join('\n')).toMatch(/Composition failed:[\s\S]*Query\.greeting/);
  });

  it('fails on a breaking change and names the field', () => {
    const result = checkSchema([sdlSubgraph('one', 'type Query { greeting: String }')], 'type Query { greeting: String\n farewell: String }');
    expect(result.ok).toBe(false);
    expect(result.lines[0]).toMatch(/^BREAKING {2}Query\.farewell: /);
  });
});
