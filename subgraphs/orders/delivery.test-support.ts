import { expectData, unique } from '../../test/support/graphql';
import { asStaff } from '../../test/support/tokens';

// Delivery zones and slots for the orders subgraph's specs, through its API.

export const SET_ZONE = 'mutation($input: DeliveryZoneInput!) { setDeliveryZone(input: $input) { id name feeMinor slotCapacity active } }';
export const SLOTS =
  'query($comuna: String!, $from: String, $days: Int) { deliverySlots(comuna: $comuna, from: $from, days: $days) { comuna feeMinor slots { date window cutOffAt capacity remaining } } }';

/** A delivery zone of its own (a comuna no other test or run uses), made by staff; its name. */
export async function newZone(ordersUrl: string, feeMinor: number, slotCapacity: number, prefix = 'Comuna'): Promise<string> {
  const comuna = unique(prefix);
  await expectData(ordersUrl, SET_ZONE, { input: { comuna, feeMinor, slotCapacity } }, await asStaff());
  return comuna;
}

/** The places left in the comuna's window on `date`, as the checkout screen sees them (undefined: not offered). */
export async function remainingIn(ordersUrl: string, comuna: string, date: string, window: string): Promise<number | undefined> {
  const { deliverySlots } = await expectData(ordersUrl, SLOTS, { comuna, from: date, days: 1 });
  return (deliverySlots.slots as Array<{ window: string; remaining: number }>).find((slot) => slot.window === window)?.remaining;
}
