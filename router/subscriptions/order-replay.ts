import type { GraphQLError } from 'graphql';
import { resumeWindowExceeded } from '../../runtime/errors';
import { readOrderLogCursor } from '../../runtime/graphql/order-log-cursor';
import type { StatusChange } from './event-payload';
import { toGraphQLError, type GatewayQuery } from './gateway-queries';
import type { OrderEvent } from './order-event';
import type { OrderSubscription, ResumePoint } from './order-subscription';
import { ResumeGate } from './resume-gate';
import type { Principal } from './subscriber';

/** The most changes a resume replays (the orders service's largest page of its log): past it, the client refetches. */
export const REPLAY_LIMIT = 500;

const FACTS = 'orderId status previousStatus sequence changedAt cursor order { user { id } }';
const ONE_ORDER = `query OrderSubscriptionReplay($orderId: ID!, $afterSequence: Int!) { orderStatusChangesAfter(orderId: $orderId, afterSequence: $afterSequence) { ${FACTS} } }`;
const EVERY_ORDER = `query OrderFeedReplay($after: String!, $first: Int!) { orderChangesAfter(after: $after, first: $first) { changes { ${FACTS} } endCursor hasMore } }`;

/** Codes of the orders service's answer that are the client's to know (a bad cursor, someone else's order, a subgraph down). */
const TOLD = ['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_BUSY'];

/** A change as the orders log answers it: the facts a live event carries, and whose order it is. */
interface LoggedChange extends StatusChange {
  order: { user: { id: string } } | null;
}

/** What a resumed subscription replays: its changes in order, and the place the replay ends at (for its gate). */
export interface Replay {
  events: OrderEvent[];
  last: number;
}

/** The place the gate of a resumed subscription compares: the order's sequence, or the position in the log of every order. */
export function resumeGateFor(subscription: OrderSubscription, resume: ResumePoint): ResumeGate {
  if ('afterSequence' in resume) return new ResumeGate((event) => (event.sequence > 0 ? event.sequence : undefined), resume.afterSequence);
  const point = readOrderLogCursor(resume.after);
  return new ResumeGate((event) => event.position, 'position' in point ? point.position : 0);
}

/**
 * Reads the changes a resumed subscription missed from the orders service's log, through the gateway as the
 * subscriber (so the orders service decides what they may read: their own order, every order for staff). The
 * errors are the client's (a cursor or sequence the log does not know, an order not theirs, too far back).
 */
export async function readReplay(query: GatewayQuery, principal: Principal, subscription: OrderSubscription): Promise<Replay | readonly GraphQLError[]> {
  const resume = subscription.resume!;
  if ('afterSequence' in resume) {
    if (subscription.feed.kind !== 'order') throw new Error('afterSequence resumes one order');
    const result = await query(principal, ONE_ORDER, { orderId: subscription.feed.orderId, afterSequence: resume.afterSequence });
    if (result.errors?.length) return result.errors.map((error) => toGraphQLError(error, TOLD));
    const changes = (result.data as { orderStatusChangesAfter: LoggedChange[] }).orderStatusChangesAfter;
    if (changes.length > REPLAY_LIMIT) return [resumeWindowExceeded(REPLAY_LIMIT, 'afterSequence')];
    return { events: changes.map(eventOf), last: Math.max(resume.afterSequence, ...changes.map((change) => change.sequence)) };
  }
  const result = await query(principal, EVERY_ORDER, { after: resume.after, first: REPLAY_LIMIT });
  if (result.errors?.length) return result.errors.map((error) => toGraphQLError(error, TOLD));
  const log = (result.data as { orderChangesAfter: { changes: LoggedChange[]; endCursor: string; hasMore: boolean } }).orderChangesAfter;
  if (log.hasMore) return [resumeWindowExceeded(REPLAY_LIMIT, 'after')];
  const events = log.changes.map(eventOf);
  const end = readOrderLogCursor(log.endCursor);
  const positions = events.flatMap((event) => (event.position === undefined ? [] : [event.position]));
  return { events, last: 'position' in end ? end.position : Math.max(0, ...positions) };
}

/** A change of the log as the live events carry it. */
function eventOf(change: LoggedChange): OrderEvent {
  const point = readOrderLogCursor(change.cursor);
  return {
    eventId: `log:${change.orderId}:${change.sequence}`,
    orderId: change.orderId,
    accountId: change.order?.user.id ?? '',
    status: change.status,
    previousStatus: change.previousStatus,
    sequence: change.sequence,
    ...('position' in point ? { position: point.position } : {}),
    occurredAt: change.changedAt,
    placed: change.sequence === 1,
  };
}
