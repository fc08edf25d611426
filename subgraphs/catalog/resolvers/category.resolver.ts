import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { check } from '../../../runtime/validation';
import type { CatalogContext } from '../context';
import { Category } from '../entities/category';
import { inLocale, Locale } from '../entities/locale';
import { CreateCategoryInput, validateCreateCategory } from '../inputs/create-category.input';

/**
 * Categories are only ever added, never changed: every answer about them depends on which exist (`Category`),
 * which is what creating one changes.
 */
@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: 'The top-level categories, by name; follow `children` down the tree' })
  categories(@Ctx() { providers, cacheTags }: CatalogContext): Category[] {
    cacheTags.read('Category');
    return providers.readModel.categories.childrenOf(null);
  }

  @Query(() => Category, { nullable: true, description: 'One category by id or by slug (give exactly one)' })
  category(
    @Arg('id', () => ID, { nullable: true }) id: string | null | undefined,
    @Arg('slug', () => String, { nullable: true }) slug: string | null | undefined,
    @Ctx() { providers, cacheTags }: CatalogContext,
  ): Category | null {
    check((id == null) !== (slug == null), 'id', 'Give either id or slug');
    cacheTags.read('Category');
    return id != null ? providers.readModel.category(id) : providers.readModel.categoryBySlug(slug!);
  }

  @FieldResolver(() => String)
  name(
    @Root() category: Category,
    @Arg('locale', () => Locale, { defaultValue: Locale.ES, description: 'The language; without that translation, its one name' }) locale: Locale,
  ): string {
    return inLocale(category, category.translations, locale, 'name');
  }

  @FieldResolver(() => Category, { nullable: true })
  parent(@Root() category: Category, @Ctx() { providers, cacheTags }: CatalogContext): Category | null {
    cacheTags.read('Category');
    return category.parentId ? providers.readModel.category(category.parentId) : null;
  }

  @FieldResolver(() => [Category], { description: 'The categories directly below, by name' })
  children(@Root() category: Category, @Ctx() { providers, cacheTags }: CatalogContext): Category[] {
    cacheTags.read('Category');
    return providers.readModel.categories.childrenOf(category.id);
  }

  @FieldResolver(() => [Category], { description: 'From the top-level category down to this one (breadcrumbs)' })
  path(@Root() category: Category, @Ctx() { providers, cacheTags }: CatalogContext): Category[] {
    cacheTags.read('Category');
    return providers.readModel.categories.pathOf(category);
  }

  @Mutation(() => Category, { description: 'CONFLICT for a taken slug; BAD_USER_INPUT for an unknown parent' })
  async createCategory(
    @Arg('input', () => CreateCategoryInput) input: CreateCategoryInput,
    @Ctx() { providers, cacheTags }: CatalogContext,
  ): Promise<Category> {
    const category = await providers.categories.create(validateCreateCategory(input));
    cacheTags.changed('Category');
    cacheTags.changed('Category', category.id);
    return category;
  }
}
