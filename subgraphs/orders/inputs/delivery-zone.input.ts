import { Field, InputType, Int } from 'type-graphql';
import { check, isText } from '../../../runtime/validation';
import { zoneIdOf } from '../domain/delivery-slot';

const MAX_COMUNA_LENGTH = 80;
const MAX_FEE_MINOR = 1_000_000;
const MAX_SLOT_CAPACITY = 10_000;

@InputType({ description: "A delivery zone's fee and capacity; the zone is created if its comuna has none" })
export class DeliveryZoneInput {
  @Field(() => String, { description: 'The comuna, as customers write it in their address (its city)' })
  comuna!: string;

  @Field(() => Int, { description: "Minor units of the shop's currency" })
  feeMinor!: number;

  @Field(() => Int, { description: 'Deliveries one window of one day takes (0 stops new bookings)' })
  slotCapacity!: number;

  @Field(() => Boolean, { defaultValue: true })
  active!: boolean;
}

/** The zone row the input describes; BAD_USER_INPUT naming the field otherwise. */
export function zoneOfInput(input: DeliveryZoneInput) {
  check(isText(input.comuna, MAX_COMUNA_LENGTH) && zoneIdOf(input.comuna) !== '', 'comuna', `A comuna is 1 to ${MAX_COMUNA_LENGTH} characters`);
  check(Number.isInteger(input.feeMinor) && input.feeMinor >= 0 && input.feeMinor <= MAX_FEE_MINOR, 'feeMinor', `The fee is 0 to ${MAX_FEE_MINOR}`);
  check(
    Number.isInteger(input.slotCapacity) && input.slotCapacity >= 0 && input.slotCapacity <= MAX_SLOT_CAPACITY,
    'slotCapacity',
    `The capacity is 0 to ${MAX_SLOT_CAPACITY}`,
  );
  return {
    id: zoneIdOf(input.comuna),
    name: input.comuna.trim().replace(/\s+/g, ' '),
    feeCents: input.feeMinor,
    slotCapacity: input.slotCapacity,
    active: input.active,
  };
}
