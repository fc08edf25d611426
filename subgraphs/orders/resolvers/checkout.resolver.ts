import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { OrdersContext } from '../context';
import { Order } from '../entities/order';
import { CheckoutInput, validateCheckout } from '../inputs/checkout.input';
import { signedIn } from '../../../runtime/auth/signed-in';

@Resolver(() => Order)
export class CheckoutResolver {
  @Mutation(() => Order, {
    description: "Turns the signed-in customer's cart into an order (stock is reserved; the cart's ordered lines are emptied shortly after)",
  })
  checkout(
    @Arg('input', () => CheckoutInput) input: CheckoutInput,
    @Ctx() { providers, identity, callerAuthorization, requestId, logger, cacheTags }: OrdersContext,
  ): Promise<Order> {
    const request = validateCheckout(input);
    return providers.checkout.checkout(signedIn(identity).accountId, { authorization: callerAuthorization!, requestId, cacheTags }, request, logger);
  }
}
