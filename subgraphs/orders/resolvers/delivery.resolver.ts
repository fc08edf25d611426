import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { LocalDate } from '../../../runtime/graphql/input-scalars';
import { check } from '../../../runtime/validation';
import type { OrdersContext } from '../context';
import { isCalendarDate } from '../domain/delivery-calendar';
import { DeliverySchedule, DeliveryZone } from '../entities/delivery-zone';
import { DeliveryZoneInput, zoneOfInput } from '../inputs/delivery-zone.input';
import type { DeliveryZoneRow } from '../store/delivery-zones';
import { orderCacheTags } from '../domain/order-cache-tags';

const toZone = ({ feeCents, ...zone }: DeliveryZoneRow): DeliveryZone => ({ ...zone, feeMinor: feeCents });

@Resolver()
export class DeliveryResolver {
  @Query(() => DeliverySchedule, {
    description: "What the checkout screen offers for a comuna (the address's city): its fee and the slots still bookable, in the shop's time zone. Public",
  })
  async deliverySlots(
    @Arg('comuna', () => String) comuna: string,
    @Arg('from', () => String, { nullable: true, description: 'YYYY-MM-DD', deprecationReason: 'Use `fromDay`, a LocalDate' }) from: string | null,
    @Arg('days', () => Int, { defaultValue: 7, description: '1 to 31' }) days: number,
    @Arg('fromDay', () => LocalDate, { nullable: true, description: 'The first day to list; the shop’s today when omitted (or earlier)' })
    fromDay: string | null | undefined,
    @Ctx() { providers, cacheTags }: OrdersContext,
  ): Promise<DeliverySchedule> {
    orderCacheTags.readDeliverySlots(cacheTags);
    check(from == null || fromDay == null, 'fromDay', 'Give fromDay only (from is its deprecated form)');
    if (from != null) check(isCalendarDate(from), 'from', 'from is a calendar date, YYYY-MM-DD');
    const { zone, slots } = await providers.delivery.slots(comuna, fromDay ?? from, days);
    return { comuna: zone.name, feeMinor: zone.feeCents, slots };
  }

  @Query(() => [DeliveryZone], { description: 'Every delivery zone, served or not (staff)' })
  async deliveryZones(@Ctx() { providers, cacheTags }: OrdersContext): Promise<DeliveryZone[]> {
    cacheTags.read('DeliveryZone');
    return (await providers.zones.list()).map(toZone);
  }

  @Mutation(() => DeliveryZone, { description: "Creates or changes a comuna's delivery zone: fee, capacity per window, served or not (staff)" })
  async setDeliveryZone(@Arg('input', () => DeliveryZoneInput) input: DeliveryZoneInput, @Ctx() { providers }: OrdersContext): Promise<DeliveryZone> {
    return toZone(await providers.zones.upsert(zoneOfInput(input)));
  }
}
