import {
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isObjectType,
  isScalarType,
  Kind,
  parse,
  type ConstDirectiveNode,
  type DocumentNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
} from 'graphql';
import { DomainError } from '../errors';
import { MAX_ID_LENGTH } from '../validation';

/** What a representation of one entity type must carry: one of its keys in full, and its `@requires` fields typed when present. */
interface EntityShape {
  keys: SelectionSetNode[];
  requires: SelectionSetNode[];
}

const fieldSet = (fields: string): SelectionSetNode => (parse(`{ ${fields} }`).definitions[0] as { selectionSet: SelectionSetNode }).selectionSet;

const fieldsArgument = (directive: ConstDirectiveNode): string | undefined => {
  const value = directive.arguments?.find((argument) => argument.name.value === 'fields')?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
};

/** Every entity type of a subgraph's type definitions: its `@key` field sets and the `@requires` of its fields, parsed. */
export function entityShapes(typeDefs: DocumentNode): Map<string, EntityShape> {
  const shapes = new Map<string, EntityShape>();
  for (const definition of typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION) continue;
    const keys = (definition.directives ?? []).filter((directive) => directive.name.value === 'key').flatMap((directive) => fieldsArgument(directive) ?? []);
    if (keys.length === 0) continue;
    const requires = (definition.fields ?? []).flatMap((field) =>
      (field.directives ?? []).filter((directive) => directive.name.value === 'requires').flatMap((directive) => fieldsArgument(directive) ?? []),
    );
    const shape = shapes.get(definition.name.value) ?? { keys: [], requires: [] };
    shape.keys.push(...keys.map(fieldSet));
    shape.requires.push(...requires.map(fieldSet));
    shapes.set(definition.name.value, shape);
  }
  return shapes;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Why `value` is not what the field set says of `type` (its path and what is wrong), or undefined. Key fields
 * must be present (`required`); leaves are scalars of their type, an ID 1 to MAX_ID_LENGTH characters, never
 * an object (an operator such as `{ "$gt": "" }` would reach a store's query).
 */
function fieldSetProblem(
  selectionSet: SelectionSetNode,
  type: GraphQLObjectType,
  value: Record<string, unknown>,
  path: string,
  required: boolean,
): string | undefined {
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const field = type.getFields()[selection.name.value];
    if (!field) return `${path} names ${selection.name.value}, which ${type.name} does not have`;
    const problem = valueProblem(value[field.name], field.type, selection.selectionSet, `${path}.${field.name}`, required);
    if (problem) return problem;
  }
  return undefined;
}

function valueProblem(value: unknown, type: GraphQLType, selectionSet: SelectionSetNode | undefined, path: string, required: boolean): string | undefined {
  if (value === undefined || value === null) return required ? `${path} is missing` : undefined;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    if (!Array.isArray(value)) return `${path} must be a list`;
    for (const [index, item] of value.entries()) {
      const problem = valueProblem(item, nullable.ofType, selectionSet, `${path}[${index}]`, required);
      if (problem) return problem;
    }
    return undefined;
  }
  const named = getNamedType(nullable);
  if (selectionSet) {
    if (!isObjectType(named) || !isRecord(value)) return `${path} must be an object`;
    return fieldSetProblem(selectionSet, named, value, path, required);
  }
  if (typeof value === 'object') return `${path} must be a ${named.name}, not an object or a list`;
  if (named.name === 'ID')
    return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH
      ? undefined
      : `${path} must be an id of 1 to ${MAX_ID_LENGTH} characters`;
  if (!isScalarType(named) && !isEnumType(named)) return `${path} must be a ${named.name}`;
  try {
    named.parseValue(value);
    return undefined;
  } catch {
    return `${path} must be a ${named.name}`;
  }
}

/** Why the representation at `index` is not one of an entity this subgraph resolves, or undefined. */
export function representationProblem(
  schema: GraphQLSchema,
  shapes: ReadonlyMap<string, EntityShape>,
  representation: unknown,
  index: number,
): string | undefined {
  const path = `representations[${index}]`;
  if (!isRecord(representation)) return `${path} must be an object`;
  const typeName = representation.__typename;
  const shape = typeof typeName === 'string' ? shapes.get(typeName) : undefined;
  const type = typeof typeName === 'string' ? schema.getType(typeName) : undefined;
  if (!shape || !isObjectType(type)) return `${path}.__typename must name an entity type of this subgraph`;
  const keyProblems = shape.keys.map((key) => fieldSetProblem(key, type, representation, path, true));
  if (!keyProblems.includes(undefined)) return keyProblems[0];
  for (const required of shape.requires) {
    const problem = fieldSetProblem(required, type, representation, path, false);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Checks every representation of an `_entities` call before any is resolved: all are entities of this subgraph
 * carrying a key of theirs, each key field a scalar of its type (ids of a sane length), `@requires` fields
 * typed. One that is not refuses the whole call with BAD_USER_INPUT naming it (`field`), so no reference
 * resolver (and no store) ever sees an operator-shaped key. The router never sends such a call: this is for
 * whoever reaches a subgraph directly.
 */
export function checkEntityRepresentations(schema: GraphQLSchema, typeDefs: DocumentNode): void {
  const entities = schema.getQueryType()?.getFields()._entities;
  const resolve = entities?.resolve;
  if (!entities || !resolve) return;
  const shapes = entityShapes(typeDefs);
  entities.resolve = (source, args: { representations?: unknown }, context, info) => {
    const representations = Array.isArray(args.representations) ? args.representations : [];
    for (const [index, representation] of representations.entries()) {
      const problem = representationProblem(schema, shapes, representation, index);
      if (problem) throw new DomainError('BAD_USER_INPUT', `Not an entity representation: ${problem}`, { field: `representations[${index}]` });
    }
    return resolve(source, args, context, info);
  };
}
