import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { categoryPage, filterPage, nextPage, pageSizes, searchPage, type BrowseCatalog } from './browse-requests';
import { browseMix, cartAction, nextStep, pick, type StepClass } from './mix';
import { shopOperations, type ShopOperation } from './operations';
import type { Exchange } from './outcome';
import type { ShopClient } from './shop-client';
import type { ShopperIdentity } from './shoppers';
import type { ShopProduct } from './shop-catalog';
import type { Tally } from './tally';

/** An order whose checkout the shop acknowledged (answered with the order). */
export interface AcknowledgedOrder {
  id: string;
  accountId: string;
  lines: Array<{ productId: string; quantity: number }>;
}

export interface ShopperSetting {
  catalog: BrowseCatalog & { products: ShopProduct[] };
  tally: Tally;
  acknowledged: AcknowledgedOrder[];
  random: () => number;
  /** Think time between two steps, in ms. */
  thinkMs: [min: number, max: number];
}

/** Share of added products that are low-stock ones (popular and nearly sold out). */
const LOW_STOCK_SHARE = 0.15;
const DELIVERY_WINDOWS = ['MORNING', 'AFTERNOON', 'EVENING'];

/**
 * One person shopping: thinks 0.5–2 s, then browses, changes the cart, checks out or looks at past orders, as
 * the mix says, with the apps' own operations; every request is tallied under its step's class.
 */
export class Shopper {
  private cartId: string | null = null;
  private cartLines: Array<{ productId: string; quantity: number }> = [];
  private lastListing: { variables: Record<string, unknown>; endCursor: string | null; slugs: string[] } | null = null;
  /** The web app's page or the mobile app's: a shopper uses one. */
  private readonly pageSize: number;
  /** Steps played so far. */
  steps = 0;

  constructor(
    private readonly identity: ShopperIdentity,
    private readonly client: ShopClient,
    private readonly setting: ShopperSetting,
  ) {
    this.pageSize = pageSizes[Math.floor(setting.random() * pageSizes.length)];
  }

  /** Plays steps until `until` (ms since the epoch); the step under way when it comes is finished. */
  async play(until: number): Promise<void> {
    const [min, max] = this.setting.thinkMs;
    // Shoppers arrive over the first seconds, not all in the same millisecond.
    await sleep(this.setting.random() * max);
    while (Date.now() < until) {
      await this.step(nextStep(this.setting.random, { exists: this.cartId !== null, lines: this.cartLines.length }));
      this.steps += 1;
      await sleep(min + this.setting.random() * (max - min));
    }
  }

  /** `kind` tells apart uses of one operation in the report (`BrowseProducts (filter)`). */
  private async send(stepClass: StepClass, operation: ShopOperation, variables: Record<string, unknown>, kind?: string): Promise<Exchange> {
    const exchange = await this.client.send(operation, variables);
    this.setting.tally.record(stepClass, exchange, kind ? `${operation.name} (${kind})` : operation.name);
    return exchange;
  }

  private step(stepClass: StepClass): Promise<void> {
    switch (stepClass) {
      case 'browse':
        return this.browse();
      case 'cart':
        return this.changeCart();
      case 'checkout':
        return this.checkout();
      default:
        return this.lookAtOrders();
    }
  }

  private async browse(): Promise<void> {
    const { catalog, random } = this.setting;
    const action = pick(browseMix, random);
    if (action === 'menu') {
      await this.send('browse', shopOperations.categoryMenu, {});
      return;
    }
    if (action === 'product') {
      const slugs = this.lastListing?.slugs.length ? this.lastListing.slugs : catalog.products.map((product) => product.slug);
      await this.send('browse', shopOperations.productPage, { slug: slugs[Math.floor(random() * slugs.length)] });
      return;
    }
    const variables =
      action === 'next-page' && this.lastListing?.endCursor
        ? nextPage(this.lastListing.variables, this.lastListing.endCursor)
        : action === 'search'
          ? searchPage(random, this.pageSize)
          : action === 'filter'
            ? filterPage(catalog, random, this.pageSize)
            : categoryPage(catalog, random, this.pageSize);
    const kind = action === 'next-page' && !this.lastListing?.endCursor ? 'category' : action;
    const { data } = await this.send('browse', shopOperations.browseProducts, variables, kind);
    const products = data?.products;
    if (products) {
      const slugs = (products.edges as Array<{ node: { slug: string } | null }>).flatMap((edge) => (edge.node ? [edge.node.slug] : []));
      this.lastListing = { variables, endCursor: products.pageInfo?.hasNextPage ? products.pageInfo.endCursor : null, slugs };
    }
  }

  /** A product to put in the cart: now and then a low-stock one, else any. */
  private productToAdd(): string {
    const { products } = this.setting.catalog;
    const lowStock = products.filter((product) => product.lowStock);
    const from = this.setting.random() < LOW_STOCK_SHARE && lowStock.length > 0 ? lowStock : products;
    return from[Math.floor(this.setting.random() * from.length)].id;
  }

  private async changeCart(): Promise<void> {
    const { random } = this.setting;
    const action = cartAction(random, { exists: this.cartId !== null, lines: this.cartLines.length });
    if (action === 'create-and-add') {
      const { data } = await this.send('cart', shopOperations.createCart, {});
      if (!data?.createCart) return;
      this.cartId = data.createCart.id;
      this.cartLines = [];
    }
    const line = this.cartLines[Math.floor(random() * this.cartLines.length)];
    const exchange =
      action === 'update'
        ? await this.send('cart', shopOperations.updateCartLine, { cartId: this.cartId, productId: line.productId, quantity: 1 + Math.floor(random() * 3) })
        : action === 'remove'
          ? await this.send('cart', shopOperations.removeCartLine, { cartId: this.cartId, productId: line.productId })
          : await this.send('cart', shopOperations.addCartLine, {
              cartId: this.cartId,
              productId: this.productToAdd(),
              quantity: 1 + Math.floor(random() * 2),
            });
    const cart = exchange.data?.addCartLine ?? exchange.data?.setCartLineQuantity ?? exchange.data?.removeCartLine;
    if (cart) this.cartLines = (cart.lines as Array<{ productId: string; quantity: number }>).map(({ productId, quantity }) => ({ productId, quantity }));
    // The cart expired or was never made: the next cart step starts a new one.
    else if (exchange.codes.includes('NOT_FOUND')) this.forgetCart();
  }

  private forgetCart(): void {
    this.cartId = null;
    this.cartLines = [];
  }

  private async checkout(): Promise<void> {
    const { random } = this.setting;
    const deliveryDate = new Date(Date.now() + (1 + Math.floor(random() * 14)) * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    const input = {
      idempotencyKey: `shop-${randomUUID()}`,
      cartId: this.cartId,
      addressId: this.identity.addressId,
      deliveryDate,
      deliveryWindow: DELIVERY_WINDOWS[Math.floor(random() * DELIVERY_WINDOWS.length)],
      ...(random() < 0.3 ? { giftMessage: '¡Feliz cumpleaños! / Happy birthday!' } : {}),
    };
    const exchange = await this.send('checkout', shopOperations.checkout, { input });
    const order = exchange.data?.checkout;
    if (order) {
      const lines = (order.lines as Array<{ quantity: number; currentProduct: { id: string } | null }>).map((line) => ({
        productId: line.currentProduct?.id ?? '?',
        quantity: line.quantity,
      }));
      this.setting.acknowledged.push({ id: order.id, accountId: this.identity.accountId, lines });
      this.forgetCart(); // the shop empties the checked-out cart; the app starts a new one
    } else if (exchange.codes.some((code) => code === 'OUT_OF_STOCK' || code === 'EMPTY_CART' || code === 'PRODUCT_UNAVAILABLE')) {
      this.forgetCart(); // the shopper gives up on that cart and fills a new one
    }
  }

  private async lookAtOrders(): Promise<void> {
    const { data } = await this.send('history', shopOperations.myOrders, { first: 10 });
    const edges = (data?.myOrders?.edges ?? []) as Array<{ node: { id: string } | null }>;
    const ids = edges.flatMap((edge) => (edge.node ? [edge.node.id] : []));
    if (ids.length > 0) await this.send('history', shopOperations.order, { id: ids[Math.floor(this.setting.random() * ids.length)] });
  }
}
