import { subscriptionClient } from '../../test/support/subscriptions';
import { shopOperations } from './operations';

/** A staff member's screen of live orders: every `orderUpdates` event the router delivered, by order. */
export interface StaffFeed {
  /** Order id → the statuses the feed showed for it. */
  seen: Map<string, Set<string>>;
  /** Errors the subscription delivered (results with errors, or the subscription failing). */
  errors: number;
  /** Whether the subscription ended (it should not during the bench). */
  ended: () => boolean;
  close: () => Promise<void>;
}

/**
 * Opens the staff feed over graphql-ws (the token in connectionParams, the app's OrderUpdates document) and
 * resolves once the router counts it open. The tests' broker carries other runs' orders too: kept, and ignored
 * by the checks, which look only for this run's orders.
 */
export async function openStaffFeed(routerUrl: string, authorization: string, isOpen: () => Promise<boolean>): Promise<StaffFeed> {
  const client = subscriptionClient(routerUrl, authorization);
  const seen = new Map<string, Set<string>>();
  let errors = 0;
  let ended = false;
  client.subscribe(
    { query: shopOperations.orderUpdates.text, operationName: shopOperations.orderUpdates.name },
    {
      next: (result) => {
        if (result.errors?.length) errors += 1;
        const order = (result.data as { orderUpdates?: { id: string; status: string } } | undefined)?.orderUpdates;
        if (order) seen.set(order.id, (seen.get(order.id) ?? new Set()).add(order.status));
      },
      error: () => {
        errors += 1;
        ended = true;
      },
      complete: () => void (ended = true),
    },
  );
  const deadline = Date.now() + 10_000;
  while (!(await isOpen())) {
    if (ended || Date.now() > deadline) throw new Error('the staff feed did not open');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    seen,
    get errors() {
      return errors;
    },
    ended: () => ended,
    close: async () => void (await client.dispose()),
  };
}
