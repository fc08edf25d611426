import { Field, ID, InputType } from 'type-graphql';
import { check } from '../../../runtime/validation';
import { slugify } from '../store/slugify';
import type { NewCategory } from '../store/category.store';
import { checkObjectId } from './product-fields';
import { CategoryTranslationInput, checkCategoryTranslations } from './translation.input';

@InputType()
export class CreateCategoryInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true, description: 'Derived from the name when omitted' })
  slug?: string;

  @Field(() => ID, { nullable: true, description: 'The category it sits in; omitted for a top-level one' })
  parentId?: string | null;

  @Field(() => [CategoryTranslationInput], { defaultValue: [], description: 'The name in other languages (name serves any language without one)' })
  translations?: CategoryTranslationInput[];
}

export function validateCreateCategory(input: CreateCategoryInput): NewCategory {
  check(input.name.trim().length > 0 && input.name.length <= 100, 'name', 'Name must be 1 to 100 characters');
  const slug = slugify(input.slug ?? input.name);
  check(slug.length > 0 && slug.length <= 100, 'slug', 'The slug needs letters or digits, at most 100');
  return {
    name: input.name.trim(),
    slug,
    translations: checkCategoryTranslations(input.translations ?? []),
    parentId: input.parentId == null ? null : checkObjectId(input.parentId, 'parentId'),
  };
}
