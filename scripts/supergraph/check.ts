import { composeSupergraph, type SubgraphSource } from './compose';
import type { IRules } from 'graphql-shield';
import { compareApiSchemas, formatSchemaChanges } from './changes';
import { exemptServiceOnly, serviceOnlyFields } from './service-only';

export interface SchemaCheckResult {
  /** False when composition fails or the change breaks clients. */
  ok: boolean;
  /** What to print, one line each. */
  lines: string[];
}

/**
 * The check CI runs before a schema change lands: the subgraphs must compose, and the API they compose to
 * must not break operations written against `committedApiSdl` (dangerous changes are reported, not failed).
 */
export function checkSchema(subgraphs: ReadonlyArray<SubgraphSource & { permissions?: IRules }>, committedApiSdl: string): SchemaCheckResult {
  let apiSdl: string;
  try {
    ({ apiSdl } = composeSupergraph(subgraphs));
  } catch (error) {
    // composeSupergraph lists every composition error in its message.
    return { ok: false, lines: [error instanceof Error ? error.message : String(error)] };
  }
  const compared = compareApiSchemas(committedApiSdl, apiSdl);
  // Hiding a service-only field (`@inaccessible`) removes it from the API, but no client could call it.
  const { breaking, hidden } = exemptServiceOnly(compared.breaking, committedApiSdl, serviceOnlyFields(subgraphs));
  const changes = { ...compared, breaking };
  const lines = [...formatSchemaChanges(changes), ...hidden.map((change) => `hidden    ${change.coordinate}: service-only, no client could use it`)];
  if (changes.breaking.length > 0) {
    lines.push(`${changes.breaking.length} breaking change(s) against the committed API schema`);
  } else if (apiSdl !== committedApiSdl) {
    lines.push('no breaking change; the committed schema differs: run `npm run compose`');
  } else {
    lines.push('no breaking change; the committed schema is up to date');
  }
  return { ok: changes.breaking.length === 0, lines };
}
