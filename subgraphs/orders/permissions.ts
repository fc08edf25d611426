import { rule } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { isStaff as isStaffIdentity } from '../../runtime/auth/identity';
import { allow, forbiddenError, hasRole, isAuthenticated, isOwnerOrStaff, isStaff, unauthenticatedError } from '../../runtime/auth/rules';
import type { OrdersContext } from './context';
import type { Customer } from './entities/customer';
import type { Order, OrderLine } from './entities/order';
import type { OrderStatusChange } from './entities/order-status-change';
import type { OrderTimelineEntry } from './entities/order-timeline';

/**
 * An order is its customer's and staff's to see. Every field of Order, its lines and its timeline checks the
 * owner of the object it belongs to, so an order reached any way (`order`, `myOrders`, `User.orderHistory`,
 * `_entities`) shows nothing to anyone else. Values below those fields (Money, delivery details, pages)
 * are only reachable through them.
 */
const ownsThisOrder = isOwnerOrStaff('orders.Order', (order: Order) => order.user.id);
const ownsThisOrderLine = isOwnerOrStaff('orders.OrderLine', (line: OrderLine) => line.ownerId);
const ownsThisTimelineEntry = isOwnerOrStaff('orders.OrderTimelineEntry', (entry: OrderTimelineEntry) => entry.ownerId);
const ownsThisChange = isOwnerOrStaff('orders.OrderStatusChange', (change: OrderStatusChange) => change.ownerId);
const isThisCustomer = isOwnerOrStaff('orders.User', (customer: Customer) => customer.id);

/**
 * `order(id)` and `cancelOrder(id)` are checked up front as well, so a stranger gets one FORBIDDEN rather than
 * one per field (and cannot learn from a cancellation whether an order exists). An unknown id passes (the
 * answer is null, or NOT_FOUND). The order comes from the request's loader, so it is not fetched again; a
 * failing store is reported as such, not turned into FORBIDDEN.
 */
const mayUseNamedOrder = rule('mayUseNamedOrder', { cache: 'strict' })((
  _parent,
  args: { id?: string; orderId?: string },
  { identity, loaders }: OrdersContext,
) => {
  if (!identity) return unauthenticatedError();
  return loaders.orderById.load(args.id ?? args.orderId ?? '').then(
    (order) => (!order || order.user.id === identity.accountId || isStaffIdentity(identity) ? true : forbiddenError()),
    (error: Error) => error,
  );
});

export const ordersPermissions: IRules = {
  Query: {
    order: mayUseNamedOrder,
    myOrders: isAuthenticated,
    orders: isStaff,
    // The checkout screen may show slots and fees before sign-in; nothing in them is anyone's.
    deliverySlots: allow,
    deliveryZones: isStaff,
    // The logs that resumed subscriptions replay: an order's to its customer and staff, every order's to staff.
    orderStatusChangesAfter: mayUseNamedOrder,
    orderChangesAfter: isStaff,
  },
  Mutation: {
    // Customers check out for themselves; staff accounts do not shop as such.
    checkout: hasRole('CUSTOMER'),
    changeOrderStatus: isStaff,
    cancelOrder: mayUseNamedOrder,
    setDeliveryZone: isStaff,
  },
  // Served by the router, which authorizes each subscriber and each event (see router/subscriptions).
  Subscription: { orderStatusChanged: isAuthenticated, orderUpdates: isStaff, orderStatusChanges: isAuthenticated, orderChanges: isStaff },
  // Made by the router for a subscriber it authorized, or read from the log by its customer or staff; its order is checked as any Order is.
  OrderStatusChange: ownsThisChange,
  OrderChangeLog: allow,
  Order: ownsThisOrder,
  OrderLine: ownsThisOrderLine,
  OrderTimelineEntry: ownsThisTimelineEntry,
  OrderDelivery: allow,
  DeliveryAddress: allow,
  DeliverySchedule: allow,
  DeliverySlot: allow,
  DeliveryZone: isStaff,
  OrderConnection: allow,
  OrderEdge: allow,
  PageInfo: allow,
  Money: allow,
  Product: { id: allow },
  User: { id: allow, orderHistory: isThisCustomer, orders: isThisCustomer },
};
