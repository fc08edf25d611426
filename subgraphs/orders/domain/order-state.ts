import type { DeliveryWindow, OrderStatus } from '../../../prisma/orders/client/enums';

/** The address an order goes to, copied from the customer's address book at checkout. */
export interface DeliveryAddressSnapshot {
  recipient: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone: string | null;
  instructions: string | null;
}

export interface DeliverySnapshot {
  /** A calendar date, `YYYY-MM-DD`. */
  date: string;
  window: DeliveryWindow;
  address: DeliveryAddressSnapshot;
  /** The delivery zone whose slot the order holds (absent for orders placed before zones existed). */
  zoneId?: string;
}

export interface OrderLineSnapshot {
  productId: string;
  productName: string;
  unitPriceMinor: number;
  quantity: number;
}

/** What an order is when it is placed: everything that never changes afterwards. */
export interface PlacedOrder {
  userId: string;
  currency: string;
  subtotalMinor: number;
  deliveryFeeMinor: number;
  totalMinor: number;
  idempotencyKey: string | null;
  cartId: string | null;
  delivery: DeliverySnapshot | null;
  giftMessage: string | null;
  lines: OrderLineSnapshot[];
}

/** An order as its events make it: the placed order plus where it is now. */
export interface OrderState extends PlacedOrder {
  id: string;
  status: OrderStatus;
  /** The sequence number of the last event applied. */
  version: number;
  placedAt: Date;
  updatedAt: Date;
}
