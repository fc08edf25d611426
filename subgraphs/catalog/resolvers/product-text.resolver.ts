import { Arg, FieldResolver, Resolver, Root } from 'type-graphql';
import { inLocale, Locale } from '../entities/locale';
import { Product } from '../entities/product';

const localeArg = { defaultValue: Locale.ES, description: 'The language; a product without that translation answers its one text' } as const;

/** A product's texts in the language asked for (an argument, not a header: see entities/locale.ts). */
@Resolver(() => Product)
export class ProductTextResolver {
  @FieldResolver(() => String)
  name(@Root() product: Product, @Arg('locale', () => Locale, localeArg) locale: Locale): string {
    return inLocale(product, product.translations, locale, 'name');
  }

  @FieldResolver(() => String)
  description(@Root() product: Product, @Arg('locale', () => Locale, localeArg) locale: Locale): string {
    return inLocale(product, product.translations, locale, 'description');
  }

  @FieldResolver(() => [String])
  tags(@Root() product: Product, @Arg('locale', () => Locale, localeArg) locale: Locale): string[] {
    return inLocale(product, product.translations, locale, 'tags');
  }
}
