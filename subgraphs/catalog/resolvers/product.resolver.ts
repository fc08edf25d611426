import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isStaff } from '../../../runtime/auth/identity';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import { check } from '../../../runtime/validation';
import type { CatalogContext } from '../context';
import { Category } from '../entities/category';
import { Product } from '../entities/product';
import { ProductConnection } from '../entities/product-connection';
import { CreateProductInput, validateCreateProduct } from '../inputs/create-product.input';
import { checkObjectId } from '../inputs/product-fields';
import { ProductsArgs, validateProductsArgs } from '../inputs/products.args';
import { UpdateProductInput, validateUpdateProduct } from '../inputs/update-product.input';
import { listingMatch } from '../store/product-listing';
import type { ObjectId } from 'mongodb';

/** Archived products are hidden from shoppers; staff still find them by id or slug. */
const visible = (product: Product | null, context: CatalogContext) => (product && (product.active || isStaff(context.identity)) ? product : null);

const productOrNotFound = async (id: ObjectId, context: CatalogContext) => {
  const [product] = await context.stores.products.findByIds([id.toHexString()]);
  check(product !== undefined, 'id', 'There is no such product');
  return product;
};

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true })
  async product(@Arg('id', () => ID) id: string, @Ctx() context: CatalogContext): Promise<Product | null> {
    return visible(await context.loaders.productById.load(id), context);
  }

  @Query(() => Product, { nullable: true })
  async productBySlug(@Arg('slug', () => String) slug: string, @Ctx() context: CatalogContext): Promise<Product | null> {
    return visible(await context.stores.products.findBySlug(slug), context);
  }

  @Query(() => ProductConnection, { description: 'The shop window: active products, searched, filtered and sorted, a page at a time' })
  async products(@Args(() => ProductsArgs) args: ProductsArgs, @Ctx() { stores }: CatalogContext): Promise<ProductConnection> {
    const listing = validateProductsArgs(args);
    const subtree = listing.categoryId ? await stores.categories.subtreeIds(listing.categoryId) : null;
    const page = await stores.products.list(listing, subtree);
    return {
      edges: page.edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
      match: listingMatch(listing, subtree),
    };
  }

  @FieldResolver(() => Category, { nullable: true })
  category(@Root() product: Product, @Ctx() { loaders }: CatalogContext): Promise<Category | null> | null {
    return product.categoryId ? loaders.categoryById.load(product.categoryId) : null;
  }

  @Mutation(() => Product)
  async createProduct(@Arg('input', () => CreateProductInput) input: CreateProductInput, @Ctx() { stores }: CatalogContext): Promise<Product> {
    const product = validateCreateProduct(input);
    if (product.categoryId) await stores.categories.requireExists(product.categoryId, 'categoryId');
    return stores.products.create(product);
  }

  @Mutation(() => Product, { description: 'Changes the given fields; NOT_FOUND for an unknown product, CONFLICT for a taken slug' })
  async updateProduct(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateProductInput) input: UpdateProductInput,
    @Ctx() { stores }: CatalogContext,
  ): Promise<Product> {
    const productId = checkObjectId(id, 'id');
    const changes = validateUpdateProduct(input);
    if (changes.categoryId) await stores.categories.requireExists(changes.categoryId, 'categoryId');
    const updated = await stores.products.update(productId, changes);
    // On FerretDB an update rewrites the whole document: one racing a stock change could put back an older
    // stock copy, so the copy is confirmed against the ledger.
    await stores.stock.sync(productId);
    return { ...updated, ...(await stores.stock.current(productId).then(({ stock }) => ({ stock, inStock: stock > 0 }))) };
  }

  @Mutation(() => Product, { description: 'Hides the product from shoppers (orders that name it keep it); updateProduct(active: true) brings it back' })
  async archiveProduct(@Arg('id', () => ID) id: string, @Ctx() { stores }: CatalogContext): Promise<Product> {
    return stores.products.update(checkObjectId(id, 'id'), { active: false });
  }

  @Mutation(() => Product, {
    description: 'Adds delta units (negative takes them), exactly, however many change it at once; OUT_OF_STOCK (with `available`) below zero',
  })
  async adjustStock(
    @Arg('productId', () => ID) productId: string,
    @Arg('delta', () => Int) delta: number,
    @Ctx() context: CatalogContext,
  ): Promise<Product> {
    const id = checkObjectId(productId, 'productId');
    check(delta !== 0 && Math.abs(delta) <= 1_000_000, 'delta', 'delta must be a non-zero number of units, at most a million');
    const stock = await context.stores.stock.adjust(id, delta);
    const product = await productOrNotFound(id, context);
    return { ...product, stock, inStock: stock > 0 };
  }
}

export const resolveProductReference = (reference: EntityRef, { loaders }: CatalogContext) => loaders.productById.load(reference.id);
