import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Context, SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionArgs, type GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import type { Identity } from '../../runtime/auth/identity';
import type { TokenVerifier } from '../../runtime/auth/verifier';
import { inputTooDeep, isDomainError, internalError, serviceUnavailable } from '../../runtime/errors';
import { withoutSuggestions } from '../../runtime/production-errors';
import { depthOf, MAX_INPUT_DEPTH } from '../../runtime/input-depth';
import type { Logger } from '../../runtime/logger';
import { RATE_LIMITED_CLOSE_CODE, TOO_MANY_CONNECTIONS_CLOSE_CODE, type SubscriptionGuard } from '../protection/subscription-limits';
import { eventPayload, type EventPresentation } from './event-payload';
import { orderHydrator, unreadableOrder, type GatewayQuery } from './gateway-queries';
import { MAX_UNSENT_BYTES, NextFrames } from './next-frames';
import type { OrderEventFanout } from './order-event-fanout';
import { OwnerLookups } from './owner-lookups';
import { isRefusal, orderSubscriptionOf, shapeOf, type OrderSubscription } from './order-subscription';
import { readReplay, resumeGateFor, type Replay } from './order-replay';
import type { SubscriptionDocuments } from './subscription-documents';
import { SubscriptionStream } from './subscription-stream';
import { principalKey, type Principal, type Subscriber } from './subscriber';
import { refuseSubscription } from './subscription-access';
import type { SubscriptionMetrics } from './subscription-metrics';
import { clientAddressBehind } from '../client-address';

// A subscribe whose budget or access could not be looked up; what failed is logged, not told.
const uncheckable = () => internalError('The subscription could not be checked; retry shortly');

export interface SubscriptionServerOptions {
  httpServer: Server;
  /** The same path as queries: `ws://host:port/graphql`. */
  path: string;
  verifyToken: TokenVerifier;
  /** The gateway's current API schema (undefined until the supergraph is loaded). */
  apiSchema: () => GraphQLSchema | undefined;
  query: GatewayQuery;
  fanout: OrderEventFanout;
  /** Subscription documents read once per text (shared by every subscription of it). */
  documents: SubscriptionDocuments;
  metrics: SubscriptionMetrics;
  logger: Logger;
  production: boolean;
  trustProxyHops: number;
  maxPayloadBytes?: number;
  /** Sockets per address, subscriptions per socket, subscribe rate (router/protection). */
  guard: SubscriptionGuard;
}

interface ConnectionExtra extends Record<PropertyKey, unknown> {
  principal: Principal;
  /** Set once the socket took a slot of its account or address (given back when it closes). */
  admittedAddress?: string;
  frames?: NextFrames;
}

/** What graphql-ws hands each callback of a socket. */
type SubscribeCtx = Context<Record<string, unknown> | undefined, Extra & Partial<ConnectionExtra>>;

interface SubscribeContext {
  subscription: OrderSubscription;
  subscriber: Subscriber;
  /** A resumed subscription's replay (its subscriber is in the fan-out already, its live events held). */
  replay?: Replay;
}

/**
 * graphql-ws on the router's HTTP server. The token in connectionParams is verified at connect (a bad one
 * closes with 4403 Forbidden; none is anonymous; a refused socket spends its caller's budget, and past it closes
 * with 4429 and the rate limit's message); each subscription is validated against the API schema and
 * authorized before it starts; its events come from the fan-out, which writes them to the socket as prepared
 * `next` frames. `dispose` completes every subscription and closes the sockets (1001 Going away).
 */
export function serveSubscriptions(options: SubscriptionServerOptions): { dispose: () => Promise<void> } {
  const { logger, metrics } = options;
  const wsServer = new WebSocketServer({ server: options.httpServer, path: options.path, maxPayload: options.maxPayloadBytes ?? 1_000_000 });
  wsServer.on('error', (error) => logger.warn({ err: error }, 'WebSocket server error'));
  const owners = new OwnerLookups(options.query);
  // In production a refused document's errors name no field it might have meant (runtime/production-errors.ts).
  const told = options.production ? withoutSchemaHints : (errors: readonly GraphQLError[]) => errors;

  /** Whether this subscribe may start: what it runs with, or the errors it is refused with. */
  const checkSubscribe = async (ctx: SubscribeCtx, id: string, payload: SubscribePayload, log: Logger): Promise<ExecutionArgs | readonly GraphQLError[]> => {
    const arrivedAt = performance.now();
    const schema = options.apiSchema();
    if (!schema) return [serviceUnavailable({ message: 'The supergraph is not loaded yet; retry shortly' })];
    // Every subscribe spends the caller's budget, also one refused (too many on the socket, unreadable, invalid, too big).
    const principal = ctx.extra.principal!;
    try {
      const running = Object.keys(ctx.subscriptions).length - 1; // graphql-ws lists this one already
      const limited = await options.guard.refusal(running, principal.identity?.accountId, principal.clientAddress);
      if (limited) return [limited];
    } catch (error) {
      log.error({ err: error }, 'could not count a subscription against its rate limit');
      return [uncheckable()];
    }
    // As over HTTP (runtime/input-depth.ts): nothing walks a value nested deeper than the limit.
    if (depthOf(payload.variables) > MAX_INPUT_DEPTH || depthOf(payload.extensions) > MAX_INPUT_DEPTH) {
      return [inputTooDeep(MAX_INPUT_DEPTH)];
    }
    const tooLarge = options.guard.documentRefusal(payload.query);
    if (tooLarge) return [tooLarge];
    const read = options.documents.get(schema, payload.query, payload.operationName);
    if (isRefusal(read)) return told(read);
    // The document, depth, alias and cost limits of HTTP, refused with the same codes before anything subscribes.
    const tooBig = options.guard.shapeRefusal(schema, read.document, payload.operationName, payload.variables);
    if (tooBig) return [tooBig];
    const subscription = orderSubscriptionOf(schema, read.prepared, payload.variables);
    if (isRefusal(subscription)) return told(subscription);
    try {
      const refusal = await refuseSubscription(subscription, principal.identity, owners.of(principal, arrivedAt));
      if (refusal) return [refusal];
    } catch (error) {
      log.error({ err: error }, 'could not authorize a subscription');
      return [uncheckable()];
    }
    const presentation: EventPresentation = {
      schema,
      document: read.document,
      operationName: payload.operationName,
      variables: payload.variables ?? {},
      shape: shapeOf(subscription.field),
      responseKey: subscription.responseKey,
    };
    const subscriber = subscriberOf(subscription, presentation, principal, id, ctx.extra.frames!);
    const contextValue: SubscribeContext = { subscription, subscriber };
    if (subscription.resume) {
      // Live first, held by the gate, then the log: a change committed before the read is in the replay, any
      // later one comes live (graphql-ws ends the stream if the client left meanwhile; refused, it leaves here).
      subscriber.gate = resumeGateFor(subscription, subscription.resume);
      join(subscriber);
      try {
        const replay = await readReplay(options.query, principal, subscription);
        if (isRefusal(replay)) {
          void subscriber.stream.return(); // leaves the fan-out
          return told(replay);
        }
        contextValue.replay = replay;
      } catch (error) {
        void subscriber.stream.return();
        log.error({ err: error }, 'could not read the changes a resumed subscription missed');
        return [uncheckable()];
      }
    }
    return { schema, document: read.document, variableValues: payload.variables, operationName: payload.operationName, contextValue };
  };

  /** Adds a subscriber to the fan-out, counted open until its stream ends. */
  const join = (subscriber: Subscriber) => {
    options.fanout.add(subscriber);
    metrics.open.inc({ field: subscriber.field });
  };

  /** The fan-out's view of one subscription: how its events are hydrated, made into results and written. */
  const subscriberOf = (subscription: OrderSubscription, presentation: EventPresentation, principal: Principal, id: string, frames: NextFrames): Subscriber => {
    const identity = principal.identity!; // refuseSubscription let no anonymous subscriber through
    const field = { field: subscription.field };
    const hydrate = orderHydrator(options.query, principal, subscription);
    const shared = [subscription.field, subscription.selectionKey, JSON.stringify(subscription.selectionVariables), principalKey(identity)];
    const subscriber: Subscriber = {
      feed: subscription.feed,
      identity,
      field: subscription.field,
      responseKey: subscription.responseKey,
      // A resumed subscription replays on its own (its events are not another subscriber's), then joins the others.
      hydrationKey: (subscription.resume ? [...shared, `resumed ${randomUUID()}`] : shared).join('\n'),
      sharedHydrationKey: shared.join('\n'),
      hydrate: (orderId) =>
        hydrate(orderId).catch((error: unknown) => {
          logger.warn({ err: error, orderId }, 'could not hydrate an order event; sent with an error in place of the order');
          return unreadableOrder();
        }),
      payload: (event, hydrated) => eventPayload(presentation, event, hydrated),
      send: (payload) => frames.send(id, payload),
      stream: new SubscriptionStream(() => {
        options.fanout.remove(subscriber);
        metrics.open.dec(field);
      }),
    };
    return subscriber;
  };

  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      isProd: options.production,
      onConnect: async (ctx) => {
        const clientAddress = clientAddressBehind(ctx.extra.request, options.trustProxyHops);
        // A refused socket spends its caller's budget too; past it, it is closed with the rate limit's refusal.
        const refuse = async (accountId: string | undefined, close: () => void): Promise<false> => {
          const overBudget = await options.guard.refusedConnection(accountId, clientAddress);
          // (A close reason holds at most 123 bytes; the message is ASCII and well under that.)
          if (overBudget) ctx.extra.socket.close(RATE_LIMITED_CLOSE_CODE, overBudget.message.slice(0, 123));
          else close();
          return false;
        };
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        if (authorization !== undefined && typeof authorization !== 'string') return refuse(undefined, () => {}); // 4403 Forbidden
        let identity: Identity | null;
        try {
          identity = await options.verifyToken(authorization);
        } catch (error) {
          if (isDomainError(error, 'UNAUTHENTICATED')) return refuse(undefined, () => {}); // 4403 Forbidden
          logger.error({ err: error }, 'could not verify a WebSocket token');
          throw error; // 4500: an outage (the key set), not the client's fault
        }
        const admitted = options.guard.admit(identity?.accountId, clientAddress);
        if (admitted === undefined) {
          return refuse(identity?.accountId, () =>
            ctx.extra.socket.close(
              TOO_MANY_CONNECTIONS_CLOSE_CODE,
              identity ? 'Too many connections for this account' : 'Too many connections from this address',
            ),
          );
        }
        ctx.extra.admittedAddress = admitted;
        ctx.extra.principal = { identity, authorization: authorization || undefined, clientAddress };
        ctx.extra.frames = new NextFrames(ctx.extra.socket, ctx.extra.request.socket, {
          maxBufferedBytes: MAX_UNSENT_BYTES,
          onTooSlow: () => {
            metrics.slowClients.inc();
            logger.warn({ account: identity?.accountId, clientAddress }, 'cut a subscriber socket that stopped reading (its unsent events passed the limit)');
          },
        });
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        // A subscribe has a request id of its own, as an HTTP request does: its refusal carries it, and its logs.
        const requestId = randomUUID();
        const checked = await checkSubscribe(ctx, id, payload, logger.child({ requestId }));
        return Array.isArray(checked) ? withRequestId(checked, requestId) : checked;
      },
      subscribe: ({ contextValue }) => {
        const { subscriber, replay } = contextValue as SubscribeContext;
        // A resumed one joined before its replay was read (and may have ended since: an expired token).
        if (replay) options.fanout.resume(subscriber, replay);
        else join(subscriber);
        return subscriber.stream;
      },
      onClose: (ctx) => {
        if (ctx.extra.admittedAddress !== undefined) options.guard.release(ctx.extra.admittedAddress);
      },
      // Events are counted by the fan-out, which writes them itself; through graphql-ws goes only a result that ends a subscription.
      onNext: (_ctx, _id, _payload, { contextValue }) => {
        metrics.delivered.inc({ field: (contextValue as SubscribeContext).subscription.field });
      },
    },
    wsServer,
  );

  return {
    dispose: async () => {
      await server.dispose();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

/** Refusals without the suggestions graphql-js adds ("Did you mean …"), which would spell out the schema. */
/** A refused subscribe's errors with its request id, as every HTTP error carries one (runtime/error-request-id.ts). */
function withRequestId(errors: readonly GraphQLError[], requestId: string): GraphQLError[] {
  return errors.map(
    (error) =>
      new GraphQLError(error.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        originalError: error.originalError,
        extensions: { ...error.extensions, requestId },
      }),
  );
}

function withoutSchemaHints(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map(
    (error) =>
      new GraphQLError(withoutSuggestions(error.message), {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        extensions: error.extensions,
      }),
  );
}
