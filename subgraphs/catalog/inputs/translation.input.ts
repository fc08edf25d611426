import { Field, InputType } from 'type-graphql';
import { check } from '../../../runtime/validation';
import { Locale, type ProductText, type Translations } from '../entities/locale';
import { checkTags } from './product-fields';

@InputType({ description: "A product's texts in one language; an empty description or tag list falls back to the base one" })
export class ProductTranslationInput {
  @Field(() => Locale)
  locale!: Locale;

  @Field(() => String)
  name!: string;

  @Field(() => String, { defaultValue: '' })
  description!: string;

  @Field(() => [String], { defaultValue: [] })
  tags!: string[];
}

@InputType({ description: "A category's name in one language" })
export class CategoryTranslationInput {
  @Field(() => Locale)
  locale!: Locale;

  @Field(() => String)
  name!: string;
}

/** One translation per language at most, each checked as the base text is; BAD_USER_INPUT naming the field otherwise. */
function byLocale<T extends { locale: Locale }, R>(list: T[], field: string, toText: (item: T, at: string) => R): Translations<R> {
  check(list.length <= 2, field, 'At most one translation per language');
  const result: Translations<R> = {};
  list.forEach((item, index) => {
    check(result[item.locale] === undefined, `${field}.${index}.locale`, 'At most one translation per language');
    result[item.locale] = toText(item, `${field}.${index}`);
  });
  return result;
}

export function checkProductTranslations(list: ProductTranslationInput[]): Translations<ProductText> {
  return byLocale(list, 'translations', (item, at) => {
    check(item.name.trim().length > 0 && item.name.length <= 200, `${at}.name`, 'Name must be 1 to 200 characters');
    check((item.description ?? '').length <= 5_000, `${at}.description`, 'Description must be at most 5000 characters');
    return { name: item.name.trim(), description: (item.description ?? '').trim(), tags: checkTags(item.tags ?? []) };
  });
}

export function checkCategoryTranslations(list: CategoryTranslationInput[]): Translations<{ name: string }> {
  return byLocale(list, 'translations', (item, at) => {
    check(item.name.trim().length > 0 && item.name.length <= 100, `${at}.name`, 'Name must be 1 to 100 characters');
    return { name: item.name.trim() };
  });
}
