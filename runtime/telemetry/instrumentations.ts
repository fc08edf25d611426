import type { IncomingMessage } from 'node:http';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { MongoDBInstrumentation } from '@opentelemetry/instrumentation-mongodb';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

// Probes and scrapes, every few seconds on every service: not worth a trace each.
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function untraced(request: IncomingMessage): boolean {
  const url = request.url ?? '';
  const query = url.indexOf('?');
  return UNTRACED_PATHS.has(query < 0 ? url : url.slice(0, query));
}

/**
 * What is traced: HTTP in and out (node:http), undici and fetch (the router's subgraph calls, the subgraphs'
 * calls to each other), PostgreSQL (pg, under Prisma), Redis, MongoDB, and RabbitMQ (amqplib: publish and
 * consume spans, with the trace context carried in the message headers).
 */
export function instrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: untraced }),
    new UndiciInstrumentation(),
    // Stores: only within a traced operation; the outbox relays' polls and other background work would
    // otherwise start a trace of their own several times a second.
    new PgInstrumentation({ requireParentSpan: true }),
    // The command only: keys hold cart ids, which are capabilities.
    new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: (command) => command }),
    new MongoDBInstrumentation({ requireParentSpan: true }),
    new AmqplibInstrumentation(),
  ];
}
