import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isStaff } from '../../../runtime/auth/identity';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import { check } from '../../../runtime/validation';
import type { CatalogContext } from '../context';
import { stockLevelOf } from '../domain/stock-level';
import { StockLevel } from '../entities/stock-level';
import { Category } from '../entities/category';
import { Product } from '../entities/product';
import { ProductConnection } from '../entities/product-connection';
import { CreateProductInput, validateCreateProduct } from '../inputs/create-product.input';
import { checkObjectId } from '../inputs/product-fields';
import { ProductsArgs, validateProductsArgs } from '../inputs/products.args';
import { UpdateProductInput, validateUpdateProduct } from '../inputs/update-product.input';
import * as productChanges from '../service/product-changes';

/** Archived products are hidden from shoppers; staff still find them by id or slug. */
const visible = (product: Product | null, context: CatalogContext) => (product && (product.active || isStaff(context.identity)) ? product : null);

/**
 * A product looked up by id or slug: the answer depends on that product, and when there is none (or it is
 * hidden) on which products exist (one created, renamed or brought back later would change it).
 */
function lookedUp(product: Product | null, context: CatalogContext): Product | null {
  const shown = visible(product, context);
  if (product) context.cacheTags.read('Product', product.id);
  if (!shown) context.cacheTags.read('Product');
  return shown;
}

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true })
  product(@Arg('id', () => ID) id: string, @Ctx() context: CatalogContext): Product | null {
    return lookedUp(context.providers.readModel.product(id), context);
  }

  @Query(() => Product, { nullable: true })
  productBySlug(@Arg('slug', () => String) slug: string, @Ctx() context: CatalogContext): Product | null {
    return lookedUp(context.providers.readModel.productBySlug(slug), context);
  }

  @Query(() => ProductConnection, { description: 'The shop window: active products, searched, filtered and sorted, a page at a time' })
  products(@Args(() => ProductsArgs) args: ProductsArgs, @Ctx() { providers, cacheTags }: CatalogContext): ProductConnection {
    const listing = validateProductsArgs(args);
    const page = providers.readModel.list(listing);
    // Which products match and in which order, and each product shown; which are in stock, when that filters.
    cacheTags.read('Product');
    if (listing.inStock !== null) cacheTags.read('ProductStock');
    for (const { node } of page.edges) cacheTags.read('Product', node.id);
    if (listing.categoryId) cacheTags.read('Category');
    return {
      edges: page.edges,
      pageInfo: {
        hasNextPage: page.hasNextPage,
        // Read only if asked for (a getter), as each edge's cursor.
        get endCursor() {
          return page.edges.at(-1)?.cursor ?? null;
        },
      },
      totalCount: page.totalCount,
      suggestion: page.suggestion,
      matched: page.matched,
    };
  }

  @FieldResolver(() => Category, { nullable: true })
  category(@Root() product: Product, @Ctx() { providers, cacheTags }: CatalogContext): Category | null {
    if (!product.categoryId) return null;
    cacheTags.read('Category');
    return providers.readModel.category(product.categoryId);
  }

  @FieldResolver(() => Int, { description: 'Units available to sell' })
  stock(@Root() product: Product, @Ctx() { cacheTags }: CatalogContext): number {
    // The exact count changes with every sale: answers that show it depend on it alone (see stock-cache-tags.ts).
    cacheTags.read('Product', product.id, 'stock');
    return product.stock;
  }

  @FieldResolver(() => StockLevel, { description: 'What a shopper is told of the stock (the exact count changes with every sale; this seldom does)' })
  stockLevel(@Root() product: Product, @Ctx() { cacheTags }: CatalogContext): StockLevel {
    cacheTags.read('Product', product.id, 'stockLevel');
    return stockLevelOf(product.stock);
  }

  @Mutation(() => Product)
  createProduct(@Arg('input', () => CreateProductInput) input: CreateProductInput, @Ctx() context: CatalogContext): Promise<Product> {
    return productChanges.createProduct(validateCreateProduct(input), context);
  }

  @Mutation(() => Product, { description: 'Changes the given fields; NOT_FOUND for an unknown product, CONFLICT for a taken slug' })
  updateProduct(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateProductInput) input: UpdateProductInput,
    @Ctx() context: CatalogContext,
  ): Promise<Product> {
    const productId = checkObjectId(id, 'id');
    return productChanges.updateProduct(productId, validateUpdateProduct(input), context);
  }

  @Mutation(() => Product, { description: 'Hides the product from shoppers (orders that name it keep it); updateProduct(active: true) brings it back' })
  archiveProduct(@Arg('id', () => ID) id: string, @Ctx() context: CatalogContext): Promise<Product> {
    return productChanges.updateProduct(checkObjectId(id, 'id'), { active: false }, context);
  }

  @Mutation(() => Product, {
    description: 'Adds delta units (negative takes them), exactly, however many change it at once; OUT_OF_STOCK (with `available`) below zero',
  })
  adjustStock(@Arg('productId', () => ID) productId: string, @Arg('delta', () => Int) delta: number, @Ctx() context: CatalogContext): Promise<Product> {
    const id = checkObjectId(productId, 'productId');
    check(delta !== 0 && Math.abs(delta) <= 1_000_000, 'delta', 'delta must be a non-zero number of units, at most a million');
    return productChanges.adjustStock(id, delta, context);
  }
}

export const resolveProductReference = (reference: EntityRef, { providers }: CatalogContext) => providers.readModel.product(reference.id);
