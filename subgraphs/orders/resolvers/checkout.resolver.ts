import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { OrdersContext } from '../context';
import { Order } from '../entities/order';
import { CheckoutInput, validateCheckout } from '../inputs/checkout.input';
import { signedIn } from '../../../runtime/auth/signed-in';
import { orderCacheTags } from '../domain/order-cache-tags';

@Resolver(() => Order)
export class CheckoutResolver {
  @Mutation(() => Order, {
    description: "Turns the signed-in customer's cart into an order (stock is reserved; the cart's ordered lines are emptied shortly after)",
  })
  async checkout(
    @Arg('input', () => CheckoutInput) input: CheckoutInput,
    @Ctx() { providers, loaders, identity, callerAuthorization, requestId, logger, cacheTags, answerBy }: OrdersContext,
  ): Promise<Order> {
    const request = validateCheckout(input);
    const { order, written } = await providers.checkout.checkout(
      signedIn(identity).accountId,
      { authorization: callerAuthorization!, requestId, cacheTags, answerBy },
      request,
      logger,
    );
    // Said only once placed: a checkout that failed says nothing, so it counts as having changed everything here.
    orderCacheTags.changedOrder(cacheTags, order);
    if (written) {
      // The answer's lines and timeline are what the order's transaction just wrote: not read back.
      loaders.linesByOrderId.prime(order.id, written.lines);
      loaders.eventsByOrderId.prime(order.id, written.events);
    }
    return order;
  }
}
