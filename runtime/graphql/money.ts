import 'reflect-metadata';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { InheritCacheHint } from './cache-hint';

/** An exact amount of money in minor units (cents), never a float. Shared as a value type by several subgraphs. */
@InheritCacheHint()
@Directive('@shareable')
@ObjectType({ description: 'An exact amount of money' })
export class Money {
  @Field(() => Int, { description: 'Amount in minor units of the currency (cents)' })
  amountMinor!: number;

  @Field(() => String, { description: 'ISO 4217 currency code' })
  currency!: string;

  @Field(() => String, { description: 'The amount as a decimal string, e.g. "12.50"' })
  amount!: string;
}

export function money(amountMinor: number, currency: string): Money {
  const sign = amountMinor < 0 ? '-' : '';
  const abs = Math.abs(amountMinor);
  return { amountMinor, currency, amount: `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}` };
}
