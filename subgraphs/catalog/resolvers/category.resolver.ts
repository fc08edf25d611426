import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { check } from '../../../runtime/validation';
import type { CatalogContext } from '../context';
import { Category } from '../entities/category';
import { CreateCategoryInput, validateCreateCategory } from '../inputs/create-category.input';

@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => [Category], { description: 'The top-level categories, by name; follow `children` down the tree' })
  categories(@Ctx() { stores }: CatalogContext): Promise<Category[]> {
    return stores.categories.childrenOf([null]);
  }

  @Query(() => Category, { nullable: true, description: 'One category by id or by slug (give exactly one)' })
  async category(
    @Arg('id', () => ID, { nullable: true }) id: string | null | undefined,
    @Arg('slug', () => String, { nullable: true }) slug: string | null | undefined,
    @Ctx() { stores, loaders }: CatalogContext,
  ): Promise<Category | null> {
    check((id == null) !== (slug == null), 'id', 'Give either id or slug');
    return id != null ? loaders.categoryById.load(id) : stores.categories.findBySlug(slug!);
  }

  @FieldResolver(() => Category, { nullable: true })
  parent(@Root() category: Category, @Ctx() { loaders }: CatalogContext): Promise<Category | null> | null {
    return category.parentId ? loaders.categoryById.load(category.parentId) : null;
  }

  @FieldResolver(() => [Category], { description: 'The categories directly below, by name' })
  children(@Root() category: Category, @Ctx() { loaders }: CatalogContext): Promise<Category[]> {
    return loaders.childrenByCategoryId.load(category.id);
  }

  @FieldResolver(() => [Category], { description: 'From the top-level category down to this one (breadcrumbs)' })
  async path(@Root() category: Category, @Ctx() { loaders }: CatalogContext): Promise<Category[]> {
    const ancestors = await loaders.categoryById.loadMany(category.ancestorIds);
    return [...ancestors.filter((ancestor): ancestor is Category => ancestor !== null && !(ancestor instanceof Error)), category];
  }

  @Mutation(() => Category, { description: 'CONFLICT for a taken slug; BAD_USER_INPUT for an unknown parent' })
  createCategory(@Arg('input', () => CreateCategoryInput) input: CreateCategoryInput, @Ctx() { stores }: CatalogContext): Promise<Category> {
    return stores.categories.create(validateCreateCategory(input));
  }
}
