import { Kind, parse, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * `Type.field` → the subgraphs (supergraph graph names, lower case) that resolve it. `shared`: the field has
 * no owner of its own (a value type such as Money, declared by several subgraphs): whichever subgraph
 * resolved the field holding it resolves it too.
 */
export type FieldOwners = Map<string, { graphs: string[]; shared: boolean }>;

const graphArgument = (directive: { arguments?: ReadonlyArray<{ name: { value: string }; value: { kind: string; value?: unknown } }> }, name: string) =>
  directive.arguments?.find((argument) => argument.name.value === name)?.value;

/**
 * Reads from the supergraph which subgraphs resolve each field: the field's `@join__field(graph:)` (not
 * `external`), else every subgraph that declares its type (`@join__type`). Done once per supergraph.
 */
export function fieldOwnersOf(supergraphSdl: string): FieldOwners {
  const owners: FieldOwners = new Map();
  const document = parse(supergraphSdl);
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INTERFACE_TYPE_DEFINITION) continue;
    const typeGraphs = (definition.directives ?? [])
      .filter((directive) => directive.name.value === 'join__type')
      .map((directive) => String((graphArgument(directive, 'graph') as { value?: string })?.value ?? '').toLowerCase());
    for (const field of definition.fields ?? []) {
      const joins = (field.directives ?? []).filter((directive) => directive.name.value === 'join__field');
      const graphs = joins
        .filter((directive) => (graphArgument(directive, 'external') as { value?: boolean } | undefined)?.value !== true)
        .map((directive) => String((graphArgument(directive, 'graph') as { value?: string })?.value ?? '').toLowerCase())
        .filter((graph) => graph !== '');
      const shared = graphs.length === 0 && typeGraphs.length > 1;
      owners.set(`${definition.name.value}.${field.name.value}`, { graphs: graphs.length > 0 ? [...new Set(graphs)] : typeGraphs, shared });
    }
  }
  return owners;
}

/**
 * The subgraphs an operation can reach: the owners of every field it selects (sorted, for stable keys). A
 * field of a value type counts for the subgraph that resolved the field holding it, not for every subgraph
 * that declares the type.
 */
export function subgraphsOf(document: DocumentNode, schema: GraphQLSchema, owners: FieldOwners): string[] {
  const reached = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  // The subgraphs that resolved each enclosing field, innermost last. A fragment is visited on its own, so its
  // top-level fields of a value type count for every subgraph declaring it (more invalidation, never less).
  const enclosing: string[][] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter() {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          const owner = parent && field ? owners.get(`${parent.name}.${field.name}`) : undefined;
          let graphs = owner?.graphs ?? [];
          const outer = enclosing.at(-1);
          if (owner?.shared && outer) {
            const within = graphs.filter((graph) => outer.includes(graph));
            if (within.length > 0) graphs = within;
          }
          for (const graph of graphs) reached.add(graph);
          enclosing.push(graphs);
        },
        leave() {
          enclosing.pop();
        },
      },
    }),
  );
  return [...reached].sort();
}
