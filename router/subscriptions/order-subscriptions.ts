import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Server } from 'node:http';
import type { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import type { ApolloGateway } from '@apollo/gateway';
import type { GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { TokenRevocations } from '../../runtime/auth/revocations/revocation-list';
import type { TokenVerifier } from '../../runtime/auth/verifier';
import { startConsumer, type RunningConsumer } from '../../runtime/events/consumer';
import { byContract, on, ORDER_EVENTS } from '../../runtime/events/contracts';
import type { Logger } from '../../runtime/logger';
import type { Metrics } from '../../runtime/metrics';
import type { RouterContext } from '../context';
import type { SubscriptionGuard } from '../protection/subscription-limits';
import type { GatewayQuery } from './gateway-queries';
import { orderEventOf } from './order-event';
import { OrderEventFanout } from './order-event-fanout';
import { byPosition, bySequence, OrderEventSequencer } from './order-event-sequencer';
import { SubscriptionDocuments } from './subscription-documents';
import { serveSubscriptions } from './subscription-server';
import { subscriptionMetrics } from './subscription-metrics';

/** Event ids remembered to drop a second copy: redeliveries come within the prefetch window, a relay's repeat within seconds. */
const RECENT_EVENT_IDS = 10_000;

export interface OrderSubscriptionsOptions {
  rabbitmqUrl: string;
  /** This router's own queue: how long the broker keeps it unused, and how many events it keeps at most. */
  queue: { expiresMs: number; maxLength: number };
  gateway: ApolloGateway;
  verifyToken: TokenVerifier;
  /** The same the verifier checks at subscribe time, checked again per event. */
  revocations: TokenRevocations;
  metrics: Metrics;
  logger: Logger;
  production: boolean;
  trustProxyHops: number;
  guard: SubscriptionGuard;
}

/**
 * Live order updates served by the router: one queue per router instance (so behind a load balancer every
 * instance sees every event; it outlives the connection, so the events of a broker restart or a network cut
 * arrive once the router is back) feeding an in-process fan-out, graphql-ws on the router's own
 * HTTP server, each event hydrated through the router's ApolloServer as the subscriber.
 */
export async function startOrderSubscriptions(options: OrderSubscriptionsOptions) {
  const logger = options.logger.child({ component: 'subscriptions' });
  const metrics = subscriptionMetrics(options.metrics);
  const fanout = new OrderEventFanout(
    (counts) => {
      for (const [field, count] of Object.entries(counts)) metrics.delivered.inc({ field }, count);
    },
    (error) => logger.error({ err: error }, 'could not deliver an order event'),
    options.revocations,
  );
  // Whichever orders replica's relay published them first: to the one-order feeds in each order's sequence (a
  // missing event holds up its own order only), to the staff feeds in the order they were committed (their cursors
  // name a position in the log of every order).
  const gaveUp = (run: string, missing: { from: number; to: number }) =>
    logger.warn({ run, missing }, 'order events went on without earlier ones that did not arrive in time');
  const sequencers = [
    new OrderEventSequencer((event) => fanout.publish(event, undefined, 'order'), undefined, gaveUp, bySequence),
    new OrderEventSequencer((event) => fanout.publish(event, undefined, 'all'), undefined, gaveUp, byPosition),
  ];
  const documents = new SubscriptionDocuments();
  let apiSchema: GraphQLSchema | undefined;
  options.gateway.onSchemaLoadOrUpdate(({ apiSchema: loaded }) => {
    apiSchema = loaded;
  });
  let apollo: ApolloServer<RouterContext> | undefined;
  let server: { dispose: () => Promise<void> } | undefined;

  const query: GatewayQuery = async (principal, document, variables) => {
    if (!apollo) throw new Error('The router is not started');
    const requestId = randomUUID();
    const contextValue: RouterContext = { arrivedAt: performance.now(), requestId, logger: logger.child({ requestId }), ...principal };
    const response = await apollo.executeOperation({ query: document, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('A hydration query answered incrementally');
    return response.body.singleResult;
  };

  // At least once from the broker (an event whose ack was lost with the connection comes again, a relay may
  // publish one twice): each goes to subscribers once.
  const recentEventIds = new LRUCache<string, true>({ max: RECENT_EVENT_IDS });
  const consumer: RunningConsumer = await startConsumer({
    url: options.rabbitmqUrl,
    // Random per router: a restarted router has no subscribers left to give the old backlog to.
    queue: { instance: 'router.order-events', instanceId: randomUUID(), ...options.queue },
    logger,
    registry: options.metrics.registry,
    prefetch: 100,
    // Every order event. Fanning out only queues work; nothing here can fail in a way a redelivery would fix (a
    // malformed event is dropped with an error log: a queue of this process alone keeps no dead letters).
    ...byContract(
      on(ORDER_EVENTS, async (change, event) => {
        if (recentEventIds.has(event.id)) return;
        recentEventIds.set(event.id, true);
        const orderEvent = orderEventOf(change, event);
        for (const sequencer of sequencers) sequencer.accept(orderEvent);
      }),
    ),
  });

  return {
    /** Serves graphql-ws on the router's HTTP server, at the path of queries. */
    attach(httpServer: Server, path: string) {
      server = serveSubscriptions({
        httpServer,
        path,
        verifyToken: options.verifyToken,
        apiSchema: () => apiSchema,
        query,
        fanout,
        documents,
        metrics,
        logger,
        production: options.production,
        trustProxyHops: options.trustProxyHops,
        guard: options.guard,
      });
    },
    /** The router's ApolloServer: authorization checks and hydrations run through it, as the subscriber. */
    executeThrough(server: ApolloServer<RouterContext>) {
      apollo = server;
    },
    /** Completes every subscription and closes the sockets when the router drains (before in-flight queries end). */
    drainPlugin(): ApolloServerPlugin<RouterContext> {
      return {
        async serverWillStart() {
          return {
            async drainServer() {
              await server?.dispose();
            },
          };
        },
      };
    },
    /** Stops consuming and deletes the router's queue. */
    close: () => consumer.close(),
  };
}
