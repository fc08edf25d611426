import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type OperationTypeNode } from 'graphql';
import { queryTooCostly, queryTooDeep, tooManyAliases, type DomainError } from '../../runtime/errors';
import { measureOperation, type OperationMeasure } from './operation-measure';
import type { RefusalMetrics } from './refusal-metrics';
import { costPoints } from './work-points';

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  /** Items assumed for a list field that does not say how many it asks for. */
  defaultListSize: number;
}

const CHECKS: Array<{ measure: keyof OperationMeasure; limit: keyof OperationLimits; refusal: (measured: { value: number; limit: number }) => DomainError }> = [
  { measure: 'depth', limit: 'maxDepth', refusal: queryTooDeep },
  { measure: 'aliases', limit: 'maxAliases', refusal: tooManyAliases },
  { measure: 'cost', limit: 'maxCost', refusal: queryTooCostly },
];

/**
 * Why `operation` may not run (too deep, too many aliases, too costly), or undefined: the one check of every
 * transport (HTTP below, graphql-ws in router/subscriptions), with a stable code and the measured value and
 * limit in `extensions` (HTTP 400).
 */
export function operationLimitRefusal(...operation: Parameters<typeof checkOperation>): DomainError | undefined {
  return checkOperation(...operation).refusal;
}

/** The operation's measure, and why it may not run if it may not. */
function checkOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  limits: OperationLimits,
  metrics?: RefusalMetrics,
): { measured: OperationMeasure; refusal?: DomainError } {
  const fragments = Object.fromEntries(
    document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]),
  );
  const measured = measureOperation(schema, operation, fragments, variables, limits);
  for (const check of CHECKS) {
    const value = measured[check.measure];
    const limit = limits[check.limit];
    if (value <= limit) continue;
    const refusal = check.refusal({ value, limit });
    metrics?.refusedOperations.inc({ code: refusal.code });
    return { measured, refusal };
  }
  return { measured };
}

/** Spends `points` more of the caller's budget for a costly operation (work-points.ts); throws the refusal past it. */
export type SpendMore<TContext> = (context: TContext, operation: OperationTypeNode, points: number) => Promise<void>;

/**
 * Refuses an operation that is too deep, uses too many aliases or costs too much, once it is parsed and
 * validated and before the gateway plans it, so no subgraph is called for it. A client's operation that is
 * allowed but costly spends more of its caller's budget (`spendMore`) before it runs.
 */
export function operationLimitsPlugin<TContext extends object>(
  limits: OperationLimits,
  metrics?: RefusalMetrics,
  spendMore?: SpendMore<TContext>,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request, contextValue }) {
          if (!operation) return;
          const { measured, refusal } = checkOperation(schema, document, operation, request.variables ?? {}, limits, metrics);
          if (refusal) throw refusal;
          const points = costPoints(measured.cost);
          if (points > 0 && request.http && spendMore) await spendMore(contextValue, operation.operation, points);
        },
      };
    },
  };
}
