import { Field, InputType } from 'type-graphql';
import { check, isText } from '../../../runtime/validation';
import { isCountryCode } from './countries';
import { checkPhone, optionalText } from './contact-fields';

@InputType({ description: 'A new delivery address of the caller' })
export class AddAddressInput {
  @Field(() => String, { nullable: true, description: 'e.g. "Home", "Mum"' })
  label?: string | null;

  @Field(() => String)
  recipient!: string;

  @Field(() => String)
  line1!: string;

  @Field(() => String, { nullable: true })
  line2?: string | null;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  postalCode!: string;

  @Field(() => String, { description: 'ISO 3166-1 alpha-2 country code, e.g. CL' })
  country!: string;

  @Field(() => String, { nullable: true, description: 'A number the courier can call' })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'For the courier' })
  instructions?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: 'Make it the default; the first address always is' })
  isDefault!: boolean;
}

@InputType({ description: 'The fields to change; omitted fields stay, null clears an optional one' })
export class UpdateAddressInput {
  @Field(() => String, { nullable: true })
  label?: string | null;

  @Field(() => String, { nullable: true })
  recipient?: string | null;

  @Field(() => String, { nullable: true })
  line1?: string | null;

  @Field(() => String, { nullable: true })
  line2?: string | null;

  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  postalCode?: string | null;

  @Field(() => String, { nullable: true })
  country?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  instructions?: string | null;
}

/** An address's stored fields, validated and normalised. */
export interface AddressData {
  label: string | null;
  recipient: string;
  line1: string;
  line2: string | null;
  city: string;
  postalCode: string;
  country: string;
  phone: string | null;
  instructions: string | null;
}

type AddressFields = { [K in keyof AddressData]?: string | null };

export const MAX_ADDRESSES_PER_USER = 10;

const POSTAL_CODE = /^[A-Za-z0-9][A-Za-z0-9 -]*$/;

const required: Record<'recipient' | 'line1' | 'city' | 'postalCode' | 'country', (value: string) => void> = {
  recipient: (value) => check(isText(value, 100), 'recipient', 'Recipient must be 1 to 100 characters'),
  line1: (value) => check(isText(value, 200), 'line1', 'Address line 1 must be 1 to 200 characters'),
  city: (value) => check(isText(value, 100), 'city', 'City must be 1 to 100 characters'),
  postalCode: (value) =>
    check(value.trim().length <= 20 && POSTAL_CODE.test(value.trim()), 'postalCode', 'Postal code must be 1 to 20 letters, digits, spaces or hyphens'),
  country: (value) => check(isCountryCode(value.trim().toUpperCase()), 'country', 'Country must be an ISO 3166-1 alpha-2 code such as CL'),
};

const optional: Record<'label' | 'line2' | 'phone' | 'instructions', (value: string) => void> = {
  label: (value) => check(value.length <= 50, 'label', 'Label must be at most 50 characters'),
  line2: (value) => check(value.length <= 200, 'line2', 'Address line 2 must be at most 200 characters'),
  phone: (value) => checkPhone(value.trim(), 'phone'),
  instructions: (value) => check(value.length <= 500, 'instructions', 'Delivery instructions must be at most 500 characters'),
};

/**
 * Checks the fields present in `fields` (all required ones must be present when `complete`), naming the
 * first bad one, and returns them normalised: trimmed, country upper case, blank optional text as null.
 */
function normalise(fields: AddressFields, complete: boolean): Partial<AddressData> {
  const data: Partial<AddressData> = {};
  for (const [name, checkValue] of Object.entries(required) as [keyof typeof required, (value: string) => void][]) {
    const value = fields[name];
    if (value === undefined && !complete) continue;
    check(typeof value === 'string', name, `${name} is required`);
    checkValue(value as string);
    data[name] = (value as string).trim();
  }
  for (const [name, checkValue] of Object.entries(optional) as [keyof typeof optional, (value: string) => void][]) {
    const value = fields[name];
    if (value === undefined) continue;
    if (value !== null && value.trim() !== '') checkValue(value);
    data[name] = optionalText(value);
  }
  if (data.country) data.country = data.country.toUpperCase();
  return data;
}

export function validateAddAddress(input: AddAddressInput): AddressData {
  const { isDefault: _isDefault, ...fields } = input;
  return normalise(fields, true) as AddressData;
}

export function validateUpdateAddress(input: UpdateAddressInput): Partial<AddressData> {
  return normalise({ ...input }, false);
}
