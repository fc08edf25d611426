import { OperationTypeNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import { Counter, Gauge, type Registry } from 'prom-client';
import { routerBusy } from '../../runtime/errors';
import { ConcurrencyLimit, SubgraphBusy, type ConcurrencyPolicy } from '../resilience/concurrency-limit';

/** Characters of query documents remembered as queries (a document not remembered is learnt again when next run). */
const LEARNT_QUERY_CHARACTERS = 2_000_000;

/** What admission at the edge decided: the slot's release, a refusal, or nothing (not a query it knows: the pipeline admits it). */
export type EdgeAdmission = (() => void) | 'refused' | undefined;

/**
 * The router's own admission: at most `maxInFlight` client operations run at once. Past it, queries (browsing,
 * reading one's cart or orders) wait briefly in line and are then refused fast with ROUTER_BUSY (HTTP 503,
 * Retry-After), while mutations (cart changes, checkout) keep a share of the slots of their own and go first:
 * under overload the shop keeps selling, and what a CPU-bound router cannot serve within reason is turned away
 * at once instead of queueing for seconds. Cached answers never get here (router/cache/fast-path.ts), nor the
 * router's own operations (subscription events).
 *
 * A query whose document ran here before as a query is admitted at the edge (`admitAtEdge`), by the same slots and
 * line, before the pipeline reads the cache, spends the budget, parses and validates: under overload each of those
 * waits its turn on a busy event loop, so a refusal decided after them came seconds late and cost work for nothing.
 */
export class OperationAdmission {
  private readonly limit: ConcurrencyLimit;
  private readonly shed: Counter<'operation_class' | 'stage'>;
  // `operationName\nquery` of the documents that ran as queries: only what the pipeline itself resolved.
  private readonly queries = new LRUCache<string, true>({ maxSize: LEARNT_QUERY_CHARACTERS, sizeCalculation: (_value, key) => Math.max(1, key.length) });

  constructor(policy: ConcurrencyPolicy, registry: Registry) {
    const limit = (this.limit = new ConcurrencyLimit(policy));
    this.shed = new Counter({
      name: 'router_operations_shed_total',
      help: 'Client operations the router refused with ROUTER_BUSY because it had as many running as it admits, by class and where (edge: before the pipeline)',
      labelNames: ['operation_class', 'stage'],
      registers: [registry],
    });
    new Gauge({
      name: 'router_operations_admitted',
      help: 'Client operations the admission holds now: running (state="running") and waiting in line for a slot (state="waiting")',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        this.set({ state: 'running' }, limit.active);
        this.set({ state: 'waiting' }, limit.queued);
      },
    });
  }

  /**
   * Admits a request by its body (one operation, as JSON) when it is a query the router ran before: a slot, after
   * waiting in line as the pipeline would, or a refusal (counted as shed at the edge).
   */
  async admitAtEdge(body: unknown): Promise<EdgeAdmission> {
    const operation = body as { query?: unknown; operationName?: unknown } | null | undefined;
    if (typeof operation?.query !== 'string' || !this.queries.has(documentKey(operation.query, operation.operationName))) return undefined;
    try {
      return await this.limit.enter('read');
    } catch (error) {
      if (!(error instanceof SubgraphBusy)) throw error;
      this.shed.inc({ operation_class: 'query', stage: 'edge' });
      return 'refused';
    }
  }

  /** The pipeline's admission of what the edge did not admit; `admittedAtEdge` in the context is a slot taken already. */
  plugin<TContext extends { admittedAtEdge?: () => void }>(): ApolloServerPlugin<TContext> {
    const { limit, shed, queries } = this;
    return {
      async requestDidStart() {
        let leave: (() => void) | undefined;
        return {
          async didResolveOperation({ request, operation, contextValue }) {
            if (!operation) return;
            if (contextValue.admittedAtEdge) {
              leave = contextValue.admittedAtEdge; // known already: nothing to learn
              return;
            }
            // Learnt from every query the pipeline resolved, the plan warm-up's too (it has no HTTP request): a
            // starting router then admits, or refuses, its most used queries at the edge from the first request.
            if (operation.operation === OperationTypeNode.QUERY && request.query !== undefined) {
              queries.set(documentKey(request.query, request.operationName), true);
            }
            if (!request.http) return;
            const operationClass = operation.operation === OperationTypeNode.MUTATION ? 'mutation' : 'query';
            try {
              leave = await limit.enter(operationClass === 'mutation' ? 'write' : 'read');
            } catch (error) {
              if (!(error instanceof SubgraphBusy)) throw error;
              shed.inc({ operation_class: operationClass, stage: 'admission' });
              throw routerBusy();
            }
          },
          async willSendResponse() {
            leave?.();
          },
        };
      },
    };
  }
}

const documentKey = (query: string, operationName: unknown) => `${typeof operationName === 'string' ? operationName : ''}\n${query}`;
