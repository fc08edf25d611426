import type { ApolloServerPlugin } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { roundTripCounter, roundTripDuration, runAsGraphQLWork } from './stores/round-trips';

/** One Prometheus registry per service process, with HTTP and GraphQL instruments. */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<'method' | 'path' | 'status'>;
  private readonly operations: Counter<'type' | 'name' | 'outcome'>;
  private readonly operationDuration: Histogram<'type' | 'name'>;
  /** Operation names come from clients: past this many distinct names, the rest are counted as `other`. */
  private readonly operationNames = new BoundedLabel(200, 'other');

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    // Counted and timed by the store connections of runtime/stores.
    this.registry.registerMetric(roundTripCounter(service));
    this.registry.registerMetric(roundTripDuration(service));
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
    this.operationDuration = new Histogram({
      name: 'graphql_operation_duration_seconds',
      help: 'GraphQL operation duration, from the request to the response, by type and name',
      labelNames: ['type', 'name'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
  }

  /** Times every HTTP request; the path label is the route, never the raw URL (bounded cardinality). */
  httpMiddleware = (req: Request, res: Response, next: NextFunction): void => {
    const stop = this.httpDuration.startTimer({ method: req.method });
    // Express types the matched route loosely; its path is the route's pattern.
    const route = req.route as { path?: string } | undefined;
    res.on('finish', () => stop({ path: route?.path ?? req.baseUrl ?? 'other', status: res.statusCode }));
    next();
  };

  /** A request served before Express (runtime/http-service.ts), counted as httpMiddleware counts Express's. */
  recordHttpRequest(method: string, path: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, path, status }, seconds);
  }

  /** An operation answered before Express and Apollo (the router's cache fast path), counted as they would count it. */
  recordServedQuery(operationName: string | undefined, status: number, seconds: number): void {
    const name = this.operationNames.of(operationName ?? 'anonymous');
    this.recordHttpRequest('POST', '/graphql', status, seconds);
    this.operations.inc({ type: 'query', name, outcome: 'success' });
    this.operationDuration.observe({ type: 'query', name }, seconds);
  }

  /**
   * Marks the rest of a /graphql request as GraphQL work, so its store round trips are told apart from background
   * work (see stores/round-trips.ts).
   */
  graphqlWorkMiddleware = (_req: Request, _res: Response, next: NextFunction): void => runAsGraphQLWork(next);

  /** The Prometheus text, served on the metrics port only (runtime/metrics-server.ts). */
  handler = async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await this.registry.metrics();
    res.setHeader('Content-Type', this.registry.contentType);
    res.end(text);
  };

  apolloPlugin(): ApolloServerPlugin {
    const { operations, operationDuration, operationNames } = this;
    return {
      async requestDidStart() {
        const started = process.hrtime.bigint();
        return {
          async willSendResponse({ operation, operationName, errors }) {
            const type = operation?.operation ?? 'unknown';
            const name = operationNames.of(operationName ?? 'anonymous');
            operations.inc({ type, name, outcome: errors?.length ? 'error' : 'success' });
            operationDuration.observe({ type, name }, Number(process.hrtime.bigint() - started) / 1e9);
          },
        };
      },
    };
  }
}

/** Keeps a label's cardinality bounded: the first `max` distinct values are kept, later ones become `overflow`. */
export class BoundedLabel {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly overflow: string,
  ) {}

  of(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.max) return this.overflow;
    this.seen.add(value);
    return value;
  }
}
