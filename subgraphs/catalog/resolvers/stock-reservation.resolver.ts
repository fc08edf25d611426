import { Arg, Ctx, Directive, ID, Int, Mutation, Resolver } from 'type-graphql';
import { DomainError } from '../../../runtime/errors';
import type { CatalogContext } from '../context';
import { tagStockChanges } from '../domain/stock-cache-tags';
import { Product } from '../entities/product';
import { checkReservationId, StockReservationLineInput, validateReservation } from '../inputs/stock-reservation.input';
import { eventOf, stockReleased } from '../../../runtime/events/contracts';
import { stockReleasedBy } from '../events/order-events';
import type { StockTransition } from '../store/catalog-writes';

/**
 * Reports the stock changes made, whether the work succeeded or failed (a failed reservation gave back what it
 * took), and only them: a reservation refused before it took anything (OUT_OF_STOCK on its first line) changed
 * nothing, which is said too (else the whole catalog's cached answers would be dropped).
 */
async function reportingStockChanges<T>(context: CatalogContext, work: (transitions: StockTransition[]) => Promise<T>): Promise<T> {
  const transitions: StockTransition[] = [];
  try {
    const result = await work(transitions);
    context.cacheTags.changedNothing();
    return result;
  } catch (error) {
    // A typed refusal rolled back what it took (its transitions); an unexpected failure may have left a change
    // unrecorded: everything of the catalog counts as changed then.
    if (error instanceof DomainError) context.cacheTags.changedNothing();
    else context.cacheTags.changedEverything();
    throw error;
  } finally {
    tagStockChanges(context.cacheTags, transitions);
  }
}

/**
 * Stock held for checkouts: called by the orders service as itself only (see permissions.ts), straight to this
 * subgraph; `@inaccessible` keeps both fields out of the router's API, where no client could use them anyway.
 */
@Resolver()
export class StockReservationResolver {
  @Directive('@inaccessible')
  @Mutation(() => [Product], {
    description:
      'Holds every line or none (NOT_FOUND, PRODUCT_UNAVAILABLE, OUT_OF_STOCK with productId and available); the same id and lines again change nothing. Returns the products after the change, in the order of the lines',
  })
  reserveStock(
    @Arg('reservationId', () => ID) reservationId: string,
    @Arg('lines', () => [StockReservationLineInput]) lines: StockReservationLineInput[],
    @Ctx() context: CatalogContext,
  ): Promise<Product[]> {
    const reservation = validateReservation(reservationId, lines);
    return reportingStockChanges(context, async (transitions) => {
      await context.providers.reservations.reserve(reservationId, reservation, transitions);
      return Promise.all(reservation.map(async (line) => (await context.providers.readModel.productNow(line.productId))!));
    });
  }

  @Directive('@inaccessible')
  @Mutation(() => Int, { description: 'Gives back every line of the reservation still held; how many lines it gave back (0 when none, or already given back)' })
  async releaseStock(@Arg('reservationId', () => ID) reservationId: string, @Ctx() context: CatalogContext): Promise<number> {
    checkReservationId(reservationId);
    const { reservations, events } = context.providers;
    const count = await reportingStockChanges(context, (transitions) => reservations.release(reservationId, transitions));
    // A release the orders service makes on its own (its sweeper, a give-back after a failed checkout) reaches no
    // router: every give-back of the reservation is announced, also by a retry (an earlier announcement may be lost).
    const givenBack = await reservations.releaseTransitions(reservationId);
    if (givenBack.length > 0) {
      const productIds = [...new Set(givenBack.map((transition) => transition.productId.toHexString()))];
      await events.publish(eventOf(stockReleased, stockReleasedBy(reservationId, productIds, givenBack)));
    }
    return count;
  }
}
