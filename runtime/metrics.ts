import type { ApolloServerPlugin } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { markGraphQLWork, roundTripCounter } from './stores/round-trips';

/** One Prometheus registry per service process, with HTTP and GraphQL instruments. */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'path' | 'status'>;
  private readonly operations: Counter<'type' | 'name' | 'outcome'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.registry.registerMetric(roundTripCounter(service)); // counted by the store connections of runtime/stores
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, path and status',
      labelNames: ['method', 'path', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.operations = new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL operations by type, name and outcome',
      labelNames: ['type', 'name', 'outcome'],
      registers: [this.registry],
    });
  }

  /** Times every HTTP request; the path label is the route, never the raw URL (bounded cardinality). */
  httpMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    const stop = this.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => stop({ path: req.route?.path ?? req.baseUrl ?? 'other', status: res.statusCode }));
    next();
  };

  handler = async (_req: Request, res: Response): Promise<void> => {
    res.setHeader('Content-Type', this.registry.contentType);
    res.end(await this.registry.metrics());
  };

  apolloPlugin(): ApolloServerPlugin {
    const operations = this.operations;
    return {
      async requestDidStart() {
        return {
          // Store round trips made while fields resolve are told apart from background work (see round-trips.ts).
          async executionDidStart() {
            return { willResolveField: () => markGraphQLWork() };
          },
          async willSendResponse({ operation, operationName, errors }) {
            operations.inc({
              type: operation?.operation ?? 'unknown',
              name: operationName ?? 'anonymous',
              outcome: errors?.length ? 'error' : 'success',
            });
          },
        };
      },
    };
  }
}
