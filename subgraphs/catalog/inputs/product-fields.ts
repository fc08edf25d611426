import { ObjectId } from 'mongodb';
import { Field, InputType } from 'type-graphql';
import { check, isCurrencyCode } from '../../../runtime/validation';

@InputType()
export class ProductImageInput {
  @Field(() => String, { description: 'http(s) URL' })
  url!: string;

  @Field(() => String, { defaultValue: '' })
  alt!: string;
}

const LABEL = /^[a-z0-9][a-z0-9 -]{0,39}$/;
const MAX_LIST = 20;

/** "  Deep Red " -> "deep red": colours and flower types are compared and faceted as lower-case labels. */
export const label = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();

export function checkName(name: string): void {
  check(name.trim().length > 0 && name.length <= 200, 'name', 'Name must be 1 to 200 characters');
}

export function checkDescription(description: string): void {
  check(description.length <= 5_000, 'description', 'Description must be at most 5000 characters');
}

export function checkPrice(priceMinor: number): void {
  check(Number.isSafeInteger(priceMinor) && priceMinor > 0, 'priceMinor', 'Price must be a positive amount in cents');
}

export function checkCurrency(currency: string): void {
  check(isCurrencyCode(currency.toUpperCase()), 'currency', 'Currency must be an ISO 4217 code such as EUR');
}

export function checkLabels(values: string[], field: string): string[] {
  check(values.length <= MAX_LIST, field, `At most ${MAX_LIST} ${field}`);
  const labels = values.map(label);
  labels.forEach((value, index) => check(LABEL.test(value), `${field}.${index}`, 'Letters, digits, spaces and dashes, at most 40'));
  return [...new Set(labels)];
}

export function checkTags(tags: string[]): string[] {
  check(tags.length <= 30, 'tags', 'At most 30 tags');
  const trimmed = tags.map((tag) => tag.trim());
  trimmed.forEach((tag, index) => check(tag.length > 0 && tag.length <= 40, `tags.${index}`, 'A tag is 1 to 40 characters'));
  return [...new Set(trimmed)];
}

export function checkImages(images: ProductImageInput[]): Array<{ url: string; alt: string }> {
  check(images.length <= MAX_LIST, 'images', `At most ${MAX_LIST} images`);
  return images.map((image, index) => {
    let ok = image.url.length <= 2_000;
    try {
      ok &&= ['http:', 'https:'].includes(new URL(image.url).protocol);
    } catch {
      ok = false;
    }
    check(ok, `images.${index}.url`, 'An image URL is an http(s) URL of at most 2000 characters');
    check(image.alt.length <= 300, `images.${index}.alt`, 'Alt text is at most 300 characters');
    return { url: image.url, alt: image.alt.trim() };
  });
}

/** An id this subgraph issued (a MongoDB ObjectId); BAD_USER_INPUT on `field` otherwise. */
export function checkObjectId(value: string, field: string): ObjectId {
  check(ObjectId.isValid(value) && /^[0-9a-f]{24}$/i.test(value), field, `${field} is not a valid id`);
  return new ObjectId(value);
}
