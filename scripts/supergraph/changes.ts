import { buildSchema, findBreakingChanges, findDangerousChanges, type BreakingChange, type DangerousChange } from 'graphql';

/** One difference between two API schemas, with the schema coordinate it touches (`Product.name`). */
export interface SchemaChange {
  /** graphql-js's kind of change, e.g. FIELD_REMOVED */
  kind: string;
  /** What clients name in an operation: `Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `@directive` */
  coordinate: string;
  description: string;
}

export interface SchemaChanges {
  /** Operations that worked against the old schema may fail against the new one. */
  breaking: SchemaChange[];
  /** Operations keep validating, but may behave differently (a new enum value, a changed default). */
  dangerous: SchemaChange[];
}

// graphql-js describes each change in a fixed sentence and gives no coordinate, so it is read from the
// sentence. Order matters: the first pattern that matches wins.
const coordinatePatterns: ReadonlyArray<[RegExp, (match: RegExpMatchArray) => string]> = [
  [/^An? (?:required|optional) arg (\w+) on directive (\w+)/, (m) => `@${m[2]}(${m[1]}:)`],
  [/^An? (?:required|optional) arg (\w+) on (\w+\.\w+)/, (m) => `${m[2]}(${m[1]}:)`],
  [/^An? (?:required|optional) field (\w+) on input type (\w+)/, (m) => `${m[2]}.${m[1]}`],
  [/^(\w+\.\w+) arg (\w+)/, (m) => `${m[1]}(${m[2]}:)`],
  [/^(\w+) was (?:added to|removed from) enum type (\w+)/, (m) => `${m[2]}.${m[1]}`],
  [/^\w+ was (?:added to|removed from) union type (\w+)/, (m) => m[1]],
  [/^\w+ added to interfaces implemented by (\w+)/, (m) => m[1]],
  [/^(\w+\.\w+) /, (m) => m[1]],
  [/^Standard scalar (\w+) /, (m) => m[1]],
  [/ (?:was removed )?from (\w+)\.$/, (m) => `@${m[1]}`],
  [/^(\w+) /, (m) => m[1]],
];

function coordinateOf(description: string): string {
  for (const [pattern, coordinate] of coordinatePatterns) {
    const match = description.match(pattern);
    if (match) return coordinate(match);
  }
  return description;
}

function toSchemaChange(change: BreakingChange | DangerousChange): SchemaChange {
  return { kind: change.type, coordinate: coordinateOf(change.description), description: change.description };
}

/** What changes for clients from `oldSdl` to `newSdl` (two API schemas, e.g. committed and newly composed). */
export function compareApiSchemas(oldSdl: string, newSdl: string): SchemaChanges {
  const oldSchema = buildSchema(oldSdl);
  const newSchema = buildSchema(newSdl);
  return {
    breaking: findBreakingChanges(oldSchema, newSchema).map(toSchemaChange),
    dangerous: findDangerousChanges(oldSchema, newSchema).map(toSchemaChange),
  };
}

/** One line per change, the coordinate first so that a CI log says at a glance what breaks. */
export function formatSchemaChanges(changes: SchemaChanges): string[] {
  return [
    ...changes.breaking.map((change) => `BREAKING  ${change.coordinate}: ${change.description} (${change.kind})`),
    ...changes.dangerous.map((change) => `dangerous ${change.coordinate}: ${change.description} (${change.kind})`),
  ];
}
