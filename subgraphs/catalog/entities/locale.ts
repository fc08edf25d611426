import { registerEnumType } from 'type-graphql';

/**
 * The language a text is answered in. An argument rather than the Accept-Language header: the router caches
 * whole answers by query and variables, so a header would let a cached answer cross languages.
 */
// Values equal to the names: a schema rebuilt from SDL (runtime/subgraph/federated-schema.ts) hands an argument's
// default over by name.
export enum Locale {
  ES = 'ES',
  EN = 'EN',
}

registerEnumType(Locale, { name: 'Locale', description: 'Spanish (the default) or English' });

export const LOCALES: readonly Locale[] = [Locale.ES, Locale.EN];

/** A product's texts in one language. */
export interface ProductText {
  name: string;
  description: string;
  tags: string[];
}

/** Translations by language; a missing language (or an empty field of one) falls back to the stored base text. */
export type Translations<T> = Partial<Record<Locale, T>>;

/** The text in `locale`: its translation's field when given and not empty, else the base one (served in every language). */
export function inLocale<T extends object, K extends keyof T>(base: T, translations: Translations<Partial<T>> | undefined, locale: Locale, field: K): T[K] {
  const value = translations?.[locale]?.[field];
  const empty = value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  return empty ? base[field] : value;
}

/** The product's texts in every language, each field falling back to the base text. */
export function productTexts(base: ProductText, translations: Translations<Partial<ProductText>> | undefined): Record<Locale, ProductText> {
  const textIn = (locale: Locale): ProductText => ({
    name: inLocale(base, translations, locale, 'name'),
    description: inLocale(base, translations, locale, 'description'),
    tags: inLocale(base, translations, locale, 'tags'),
  });
  return { [Locale.ES]: textIn(Locale.ES), [Locale.EN]: textIn(Locale.EN) };
}
