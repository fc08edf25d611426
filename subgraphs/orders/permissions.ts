import { rule } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { isStaff as isStaffIdentity } from '../../runtime/auth/identity';
import { allow, forbiddenError, hasRole, isAuthenticated, isOwnerOrStaff, isStaff, unauthenticatedError } from '../../runtime/auth/rules';
import type { OrdersContext } from './context';
import type { Order, OrderLine } from './entities/order';

/**
 * An order is its customer's and staff's to see. Every field of Order and OrderLine checks the owner of the
 * object it belongs to, so an order reached any way (`order`, `myOrders`, or `_entities`) shows nothing to
 * anyone else.
 */
const ownsThisOrder = isOwnerOrStaff('orders.Order', (order: Order) => order.user.id);
const ownsThisOrderLine = isOwnerOrStaff('orders.OrderLine', (line: OrderLine) => line.ownerId);

/**
 * `order(id)` is checked up front as well, so a stranger gets one FORBIDDEN rather than one per field. An
 * unknown id passes (the answer is null). The order comes from the request's loader, so the resolver does
 * not fetch it again; a failing store is reported as such, not turned into FORBIDDEN.
 */
const mayReadNamedOrder = rule('mayReadNamedOrder', { cache: 'strict' })((_parent, args: { id: string }, { identity, loaders }: OrdersContext) => {
  if (!identity) return unauthenticatedError();
  return loaders.orderById.load(args.id).then(
    (order) => (!order || order.user.id === identity.accountId || isStaffIdentity(identity) ? true : forbiddenError()),
    (error: Error) => error,
  );
});

export const ordersPermissions: IRules = {
  Query: {
    order: mayReadNamedOrder,
    myOrders: isAuthenticated,
    ordersByUser: isStaff,
  },
  Mutation: {
    // Orders are placed by customers for themselves; staff accounts do not shop as such.
    placeOrder: hasRole('CUSTOMER'),
  },
  Order: ownsThisOrder,
  OrderLine: ownsThisOrderLine,
  Money: allow,
  Product: { id: allow },
  User: { id: allow },
};
