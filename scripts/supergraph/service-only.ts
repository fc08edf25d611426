import {
  buildSchema,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLType,
} from 'graphql';
import type { IRules } from 'graphql-shield';
import { isServiceOnlyRule } from '../../runtime/auth/rules';
import type { SchemaChange } from './changes';

/** The coordinates (`Mutation.reserveStock`) whose permission rule is service-only, from the subgraphs' permission tables. */
export function serviceOnlyFields(subgraphs: ReadonlyArray<{ permissions?: IRules }>): Set<string> {
  const fields = new Set<string>();
  for (const { permissions } of subgraphs) {
    for (const [typeName, rules] of Object.entries(permissions ?? {}) as Array<[string, unknown]>) {
      if (typeof rules !== 'object' || rules === null || !isPlainTable(rules)) continue;
      for (const [fieldName, rule] of Object.entries(rules as Record<string, unknown>)) if (isServiceOnlyRule(rule)) fields.add(`${typeName}.${fieldName}`);
    }
  }
  return fields;
}

/** A table of rules per field, as opposed to one rule for a whole type (a class instance). */
const isPlainTable = (value: object) => Object.getPrototypeOf(value) === Object.prototype;

/**
 * Types of `oldSdl` that only service-only fields used (transitively: as their type, an argument's, or a field
 * of such a type's): hiding them with those fields takes nothing from any client.
 */
function serviceOnlyTypes(oldSdl: string, serviceOnly: ReadonlySet<string>): Set<string> {
  const schema = buildSchema(oldSdl);
  const users = new Map<string, Set<string>>(); // type name → coordinates that use it
  const use = (type: GraphQLNamedType, coordinate: string) => users.set(type.name, (users.get(type.name) ?? new Set()).add(coordinate));
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type) && !isInputObjectType(type)) continue;
    const fields: Array<{ name: string; type: GraphQLType; args?: ReadonlyArray<{ type: GraphQLType }> }> = Object.values<
      GraphQLField<unknown, unknown> | GraphQLInputField
    >(type.getFields());
    for (const field of fields) {
      const coordinate = `${type.name}.${field.name}`;
      use(getNamedType(field.type), coordinate);
      for (const arg of field.args ?? []) use(getNamedType(arg.type), coordinate);
    }
  }
  const hidden = new Set<string>();
  const isHidden = (coordinate: string) => serviceOnly.has(coordinate) || hidden.has(coordinate.split('.')[0]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [typeName, coordinates] of users) {
      if (!hidden.has(typeName) && [...coordinates].every(isHidden)) {
        hidden.add(typeName);
        grew = true;
      }
    }
  }
  return hidden;
}

/**
 * Splits breaking changes into those that break clients and those that only hide what was service-only (its
 * fields refused every client with FORBIDDEN, so no client operation could have worked with them).
 */
export function exemptServiceOnly(breaking: readonly SchemaChange[], oldSdl: string, serviceOnly: ReadonlySet<string>) {
  const types = serviceOnlyTypes(oldSdl, serviceOnly);
  const isExempt = (change: SchemaChange) =>
    (change.kind === 'FIELD_REMOVED' && serviceOnly.has(change.coordinate)) || (change.kind === 'TYPE_REMOVED' && types.has(change.coordinate));
  return { breaking: breaking.filter((change) => !isExempt(change)), hidden: breaking.filter(isExempt) };
}
