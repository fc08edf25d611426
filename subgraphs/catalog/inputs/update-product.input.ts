import { Field, ID, InputType, Int } from 'type-graphql';
import { check } from '../../../runtime/validation';
import { Occasion } from '../entities/occasion';
import { slugify } from '../store/slugify';
import type { ProductChanges } from '../store/product.store';
import {
  checkCurrency,
  checkDescription,
  checkImages,
  checkLabels,
  checkName,
  checkObjectId,
  checkPrice,
  checkTags,
  ProductImageInput,
} from './product-fields';
import { checkProductTranslations, ProductTranslationInput } from './translation.input';

/** Only the fields given change; stock changes through adjustStock, archiving through archiveProduct. */
@InputType()
export class UpdateProductInput {
  @Field(() => String, { nullable: true })
  name?: string;

  @Field(() => String, { nullable: true })
  slug?: string;

  @Field(() => String, { nullable: true })
  description?: string;

  @Field(() => ID, { nullable: true, description: 'null removes the product from its category' })
  categoryId?: string | null;

  @Field(() => [Occasion], { nullable: true })
  occasions?: Occasion[];

  @Field(() => [String], { nullable: true })
  colours?: string[];

  @Field(() => [String], { nullable: true })
  flowerTypes?: string[];

  @Field(() => [String], { nullable: true })
  tags?: string[];

  @Field(() => [ProductTranslationInput], { nullable: true, description: 'Replaces every translation' })
  translations?: ProductTranslationInput[];

  @Field(() => Int, { nullable: true })
  priceMinor?: number;

  @Field(() => String, { nullable: true })
  currency?: string;

  @Field(() => [ProductImageInput], { nullable: true })
  images?: ProductImageInput[];

  @Field(() => Boolean, { nullable: true, description: 'true brings an archived product back' })
  active?: boolean;
}

const given = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

export function validateUpdateProduct(input: UpdateProductInput): ProductChanges {
  const changes: ProductChanges = {};
  if (input.name !== undefined) {
    checkName(input.name ?? '');
    changes.name = input.name.trim();
  }
  if (given(input.slug)) {
    changes.slug = slugify(input.slug);
    check(changes.slug.length > 0 && changes.slug.length <= 200, 'slug', 'The slug needs letters or digits, at most 200');
  }
  if (given(input.description)) {
    checkDescription(input.description);
    changes.description = input.description.trim();
  }
  if (input.categoryId !== undefined) changes.categoryId = input.categoryId === null ? null : checkObjectId(input.categoryId, 'categoryId');
  if (given(input.occasions)) changes.occasions = [...new Set(input.occasions)];
  if (given(input.colours)) changes.colours = checkLabels(input.colours, 'colours');
  if (given(input.flowerTypes)) changes.flowerTypes = checkLabels(input.flowerTypes, 'flowerTypes');
  if (given(input.tags)) changes.tags = checkTags(input.tags);
  if (given(input.translations)) changes.translations = checkProductTranslations(input.translations);
  if (input.priceMinor !== undefined) {
    checkPrice(input.priceMinor ?? Number.NaN);
    changes.priceMinor = input.priceMinor!;
  }
  if (given(input.currency)) {
    checkCurrency(input.currency);
    changes.currency = input.currency.toUpperCase();
  }
  if (given(input.images)) changes.images = checkImages(input.images);
  if (given(input.active)) changes.active = input.active;
  return changes;
}
