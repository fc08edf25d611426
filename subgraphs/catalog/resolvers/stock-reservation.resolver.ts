import { Arg, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { CatalogContext } from '../context';
import { Product } from '../entities/product';
import { checkReservationId, StockReservationLineInput, validateReservation } from '../inputs/stock-reservation.input';

/** Stock held for checkouts: called by the orders service as itself only (see permissions.ts). */
@Resolver()
export class StockReservationResolver {
  @Mutation(() => [Product], {
    description:
      'Holds every line or none (NOT_FOUND, PRODUCT_UNAVAILABLE, OUT_OF_STOCK with productId and available); the same id and lines again change nothing. Returns the products after the change, in the order of the lines',
  })
  async reserveStock(
    @Arg('reservationId', () => ID) reservationId: string,
    @Arg('lines', () => [StockReservationLineInput]) lines: StockReservationLineInput[],
    @Ctx() { stores }: CatalogContext,
  ): Promise<Product[]> {
    const reservation = validateReservation(reservationId, lines);
    await stores.reservations.reserve(reservationId, reservation);
    const products = await stores.products.findByIds(reservation.map((line) => line.productId.toHexString()));
    const byId = new Map(products.map((product) => [product.id, product]));
    return reservation.map((line) => byId.get(line.productId.toHexString())!);
  }

  @Mutation(() => Int, { description: 'Gives back every line of the reservation still held; how many lines it gave back (0 when none, or already given back)' })
  async releaseStock(@Arg('reservationId', () => ID) reservationId: string, @Ctx() { stores }: CatalogContext): Promise<number> {
    checkReservationId(reservationId);
    return stores.reservations.release(reservationId);
  }
}
