import { Field, ID, InputType, Int } from 'type-graphql';
import { check } from '../../../runtime/validation';
import { Occasion } from '../entities/occasion';
import { slugify } from '../store/slugify';
import type { NewProduct } from '../store/product.store';
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

@InputType()
export class CreateProductInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Derived from the name when omitted' })
  slug?: string;

  @Field(() => String, { defaultValue: '' })
  description!: string;

  @Field(() => ID, { nullable: true })
  categoryId?: string | null;

  @Field(() => [Occasion], { defaultValue: [] })
  occasions!: Occasion[];

  @Field(() => [String], { defaultValue: [] })
  colours!: string[];

  @Field(() => [String], { defaultValue: [] })
  flowerTypes!: string[];

  @Field(() => [String], { defaultValue: [] })
  tags!: string[];

  @Field(() => [ProductTranslationInput], {
    defaultValue: [],
    description: 'The texts in other languages (name, description and tags serve any language without one)',
  })
  translations!: ProductTranslationInput[];

  @Field(() => Int, { description: 'Price in minor units (cents)' })
  priceMinor!: number;

  @Field(() => String, { defaultValue: 'EUR' })
  currency!: string;

  @Field(() => Int, { defaultValue: 0, description: 'Units available at the start; change it later with adjustStock' })
  stock!: number;

  @Field(() => [ProductImageInput], { defaultValue: [] })
  images!: ProductImageInput[];
}

/** Checks every field (BAD_USER_INPUT naming the first bad one) and returns the product to store. */
export function validateCreateProduct(input: CreateProductInput): NewProduct {
  checkName(input.name);
  const slug = slugify(input.slug ?? input.name);
  check(slug.length > 0 && slug.length <= 200, 'slug', 'The slug needs letters or digits, at most 200');
  checkDescription(input.description);
  checkPrice(input.priceMinor);
  checkCurrency(input.currency);
  check(Number.isSafeInteger(input.stock) && input.stock >= 0, 'stock', 'Stock cannot be negative');
  return {
    slug,
    name: input.name.trim(),
    description: input.description.trim(),
    categoryId: input.categoryId == null ? null : checkObjectId(input.categoryId, 'categoryId'),
    occasions: [...new Set(input.occasions ?? [])],
    colours: checkLabels(input.colours ?? [], 'colours'),
    flowerTypes: checkLabels(input.flowerTypes ?? [], 'flowerTypes'),
    tags: checkTags(input.tags ?? []),
    translations: checkProductTranslations(input.translations ?? []),
    priceMinor: input.priceMinor,
    currency: input.currency.toUpperCase(),
    stock: input.stock,
    images: checkImages(input.images ?? []),
  };
}
