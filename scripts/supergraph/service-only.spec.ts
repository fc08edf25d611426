import { buildSubgraphSchema } from '@apollo/subgraph';
import { readFileSync } from 'node:fs';
import { buildSchema, Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isService, isStaff } from '../../runtime/auth/rules';
import { allSubgraphs } from '../../subgraphs';
import { checkSchema } from './check';
import { supergraphFiles } from './files';
import { serviceOnlyFields } from './service-only';

const federation2 = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@inaccessible"])\n';
const sdlSubgraph = (sdl: string, permissions = {}) => ({
  name: 'one',
  defaultPort: 4000,
  schema: () => buildSubgraphSchema({ typeDefs: parse(federation2 + sdl) }),
  permissions,
});

describe('service-only fields', () => {
  const serviceOnly = [...serviceOnlyFields(allSubgraphs)];

  it('are all @inaccessible in the supergraph and absent from the API schema', () => {
    expect(serviceOnly).toEqual(expect.arrayContaining(['Mutation.reserveStock', 'Mutation.releaseStock', 'Query.staffAccounts']));
    const supergraph = parse(readFileSync(supergraphFiles.supergraph, 'utf8'));
    const api = buildSchema(readFileSync(supergraphFiles.api, 'utf8'));
    for (const coordinate of serviceOnly) {
      const [typeName, fieldName] = coordinate.split('.');
      const field = supergraph.definitions
        .filter((node): node is ObjectTypeDefinitionNode => node.kind === Kind.OBJECT_TYPE_DEFINITION && node.name.value === typeName)
        .flatMap((node) => node.fields ?? [])
        .find((node) => node.name.value === fieldName);
      expect(
        field?.directives?.map((directive) => directive.name.value),
        coordinate,
      ).toContain('inaccessible');
      const apiType = api.getType(typeName);
      expect(apiType && 'getFields' in apiType ? Object.keys(apiType.getFields()) : [], coordinate).not.toContain(fieldName);
    }
  });

  it('may be hidden from the API without a breaking change, with the types only they used; other fields may not', () => {
    const before = 'type Query { open: Int\n secret(line: LineInput): Int\n staffOnly: Int }\ninput LineInput { quantity: Int }';
    const permissions = { Query: { open: isStaff, secret: isService('orders'), staffOnly: isStaff } };
    const hidden = checkSchema(
      [
        sdlSubgraph(
          'type Query { open: Int\n secret(line: LineInput): Int @inaccessible\n staffOnly: Int }\ninput LineInput @inaccessible { quantity: Int }',
          permissions,
        ),
      ],
      before,
    );
    expect(hidden.ok).toBe(true);
    expect(hidden.lines.filter((line) => line.startsWith('hidden'))).toHaveLength(2);
    const removed = checkSchema(
      [sdlSubgraph('type Query { open: Int\n secret(line: LineInput): Int\n staffOnly: Int @inaccessible }\ninput LineInput { quantity: Int }', permissions)],
      before,
    );
    expect(removed.ok).toBe(false);
    expect(removed.lines[0]).toMatch(/^BREAKING {2}Query\.staffOnly: /);
  });
});
