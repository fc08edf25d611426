import { Field, InputType } from 'type-graphql';
import { check, isText } from '../../../runtime/validation';
import { Occasion } from '../entities/occasion';

@InputType({ description: 'The preferences to change; omitted fields stay, a list replaces the stored one' })
export class UpdateMyPreferencesInput {
  @Field(() => String, { nullable: true, description: 'BCP 47 tag: es, en or pt' })
  language?: string | null;

  @Field(() => Boolean, { nullable: true })
  newsletterOptIn?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'At most 10, each 1 to 40 characters; null clears' })
  favouriteFlowers?: string[] | null;

  @Field(() => [Occasion], { nullable: true, description: 'At most 10; null clears' })
  favouriteOccasions?: Occasion[] | null;
}

export const SUPPORTED_LANGUAGES = ['es', 'en', 'pt'] as const;
export const DEFAULT_LANGUAGE = 'es';
export const MAX_FAVOURITES = 10;
const MAX_FLOWER_NAME = 40;

export interface PreferencesPatch {
  language?: string;
  newsletterOptIn?: boolean;
  favouriteFlowers?: string[];
  favouriteOccasions?: Occasion[];
}

/** The canonical form of a BCP 47 tag ("EN" → "en"), or null when it is not well formed. */
function canonicalLanguage(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    return null;
  }
}

/** Case-insensitive duplicates collapse to the first spelling given. */
function distinct<T extends string>(values: T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => !seen.has(key(value)) && seen.add(key(value)));
}

export function validateUpdateMyPreferences(input: UpdateMyPreferencesInput): PreferencesPatch {
  const patch: PreferencesPatch = {};
  if (input.language !== undefined) {
    const language = input.language === null ? null : canonicalLanguage(input.language);
    check(
      language !== null && (SUPPORTED_LANGUAGES as readonly string[]).includes(language),
      'language',
      `Language must be one of ${SUPPORTED_LANGUAGES.join(', ')}`,
    );
    patch.language = language!;
  }
  if (input.newsletterOptIn !== undefined) {
    check(input.newsletterOptIn !== null, 'newsletterOptIn', 'Newsletter opt-in must be true or false');
    patch.newsletterOptIn = input.newsletterOptIn!;
  }
  if (input.favouriteFlowers !== undefined) {
    const flowers = input.favouriteFlowers ?? [];
    check(flowers.length <= MAX_FAVOURITES, 'favouriteFlowers', `At most ${MAX_FAVOURITES} favourite flowers`);
    flowers.forEach((flower, index) =>
      check(isText(flower, MAX_FLOWER_NAME), `favouriteFlowers.${index}`, `A flower name must be 1 to ${MAX_FLOWER_NAME} characters`),
    );
    patch.favouriteFlowers = distinct(
      flowers.map((flower) => flower.trim()),
      (flower) => flower.toLowerCase(),
    );
  }
  if (input.favouriteOccasions !== undefined) {
    const occasions = input.favouriteOccasions ?? [];
    check(occasions.length <= MAX_FAVOURITES, 'favouriteOccasions', `At most ${MAX_FAVOURITES} favourite occasions`);
    patch.favouriteOccasions = distinct(occasions, (occasion) => occasion);
  }
  return patch;
}
