import { InFlightCalls } from '../resilience/in-flight';
import { ownerLookup, type GatewayQuery } from './gateway-queries';
import type { Principal } from './subscriber';
import type { OrderOwnerLookup } from './subscription-access';

type OwnerAnswer = Awaited<ReturnType<OrderOwnerLookup>>;

/**
 * Whose order it is, asked of the gateway as the subscriber at subscribe time. The same question (same token,
 * same order) asked while one is in flight shares its answer: a client reopening a thousand subscriptions
 * after a reconnect costs one gateway query per order, not a thousand (nor a thousand queries' memory at once).
 * A subscribe only joins a question sent after it arrived, never an answer read before it (an order placed
 * just before would otherwise be NOT_FOUND).
 */
export class OwnerLookups {
  private readonly inFlight = new InFlightCalls<OwnerAnswer>();

  constructor(private readonly query: GatewayQuery) {}

  /** The lookup of a subscribe by `principal` that arrived at `arrivedAt` (performance.now()). */
  of(principal: Principal, arrivedAt: number): OrderOwnerLookup {
    const lookup = ownerLookup(this.query, principal);
    return (orderId) => this.inFlight.share(`${principal.authorization ?? ''}\n${orderId}`, () => lookup(orderId), arrivedAt);
  }
}
