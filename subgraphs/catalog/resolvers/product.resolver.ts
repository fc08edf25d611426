import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { CatalogContext } from '../context';
import { Product } from '../entities/product';
import { CreateProductInput, validateCreateProduct } from '../inputs/create-product.input';

const MAX_PAGE = 100;

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true })
  product(@Arg('id', () => ID) id: string, @Ctx() { loaders }: CatalogContext): Promise<Product | null> {
    return loaders.productById.load(id);
  }

  @Query(() => Product, { nullable: true })
  productBySlug(@Arg('slug', () => String) slug: string, @Ctx() { stores }: CatalogContext): Promise<Product | null> {
    return stores.products.findBySlug(slug);
  }

  @Query(() => [Product], { description: 'Active products, newest first' })
  products(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() { stores }: CatalogContext,
  ): Promise<Product[]> {
    return stores.products.listActive(Math.min(Math.max(first, 0), MAX_PAGE));
  }

  @Mutation(() => Product)
  createProduct(@Arg('input', () => CreateProductInput) input: CreateProductInput, @Ctx() { stores }: CatalogContext): Promise<Product> {
    validateCreateProduct(input);
    return stores.products.create(input);
  }
}

export const resolveProductReference = (reference: EntityRef, { loaders }: CatalogContext) =>
  loaders.productById.load(reference.id);
