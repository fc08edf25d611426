import type { CacheTags } from '../../../runtime/graphql/cache-tags';

/**
 * What the orders subgraph's answers depend on and what its writes change, for the routers' caches
 * (runtime/graphql/cache-tags.ts): one order (`Order:<id>`: its status, lines, timeline, delivery), one customer's
 * orders (`User:<id>`: the orders subgraph's part of a user, their list), the lists staff filter and the order log
 * (`Order`), and the places left in the delivery slots (`DeliverySlot`). A checkout or a status change touches the
 * four for its order, so another customer's cached orders outlive it (without tags, every order write dropped every
 * cached answer of this subgraph).
 *
 * Every read here must say what it reads: an answer holding a tagged part and an untagged one would depend on the
 * tagged part's tags alone. Zones are read under `DeliveryZone`; `setDeliveryZone` declares nothing, so it changes
 * everything of the subgraph.
 */
export const orderCacheTags = {
  /** One order asked by its id (its fields, its log), whether or not it exists. */
  readOrder(tags: CacheTags, orderId: string): void {
    tags.read('Order', orderId);
  },

  /** A customer's list of orders, and the orders on its page. */
  readCustomerOrders(tags: CacheTags, customerId: string, orders: ReadonlyArray<{ id: string }>): void {
    tags.read('User', customerId);
    for (const { id } of orders) tags.read('Order', id);
  },

  /** Lists of every customer's orders (staff's, the order log), and the orders shown. */
  readAllOrders(tags: CacheTags, orders: ReadonlyArray<{ id: string }> = []): void {
    tags.read('Order');
    for (const { id } of orders) tags.read('Order', id);
  },

  /** The delivery slots and the places left in them, with the zone's fee. */
  readDeliverySlots(tags: CacheTags): void {
    tags.read('DeliverySlot');
    tags.read('DeliveryZone');
  },

  /** An order placed or moved along (a cancellation gives its slot's place back). */
  changedOrder(tags: CacheTags, order: { id: string; user: { id: string } }): void {
    tags.changed('Order');
    tags.changed('Order', order.id);
    tags.changed('User', order.user.id);
    tags.changed('DeliverySlot');
  },
};
