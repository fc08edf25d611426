import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { fromRedis, pipelineReplies } from '../../../runtime/stores/redis-unavailable';
import { isUuid } from '../../../runtime/validation';
import type { Cart, CartLine } from '../entities/cart';
import { ADD_LINE, CLEAR, FUNNEL_SWEEP, MERGE, REMOVE_ORDERED, SET_LINE } from './cart.scripts';

/** Most units of one product a cart may hold. */
export const MAX_LINE_QUANTITY = 99;

const metaKey = (id: string) => `cart:${id}`;
const linesKey = (id: string) => `cart:${id}:lines`;
/** Set when an order event was applied to a cart: redeliveries of it change nothing. */
const orderEventKey = (eventId: string) => `cart-order-event:${eventId}`;
/**
 * Long enough to outlast any redelivery of an event (the broker retries within minutes, a backlog within days);
 * the default of EVENTS_DEDUP_RETENTION_SECONDS, which the cart service passes.
 */
export const ORDER_EVENT_MARKER_TTL_SECONDS = 14 * 24 * 3600;

/** The id of the cart an account created last; a prefix of its own, so no cart id can name it. */
const accountCartKey = (accountId: string) => `account-cart:${accountId}`;

/**
 * Every key this store writes, as Redis SCAN patterns: what a backup of the carts must hold (scripts/backup/redis-part.ts).
 * `cart:*` covers both `cart:{id}` and `cart:{id}:lines`.
 */
export const CART_KEY_PATTERNS = ['cart:*', 'account-cart:*', 'cart-order-event:*', 'cart-funnel:*'] as const;

/** How a cart's time with lines ends, or that it began (see the funnel in cart.scripts.ts). */
export const FUNNEL_STAGES = ['started', 'ordered', 'abandoned', 'emptied', 'merged'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

export interface CartFunnel {
  /** Carts that hold lines and have not expired. */
  open: number;
  /** How many carts reached each stage, ever (as long as Redis keeps its data). */
  stages: Record<FunnelStage, number>;
}

/** Cart ids are the UUIDs `create` makes; anything else (e.g. "<id>:lines") must not reach a key name. */
export const isCartId = (id: string) => isUuid(id);

/** The cart a change applies to: its id, and its owner (whose "latest cart" pointer slides with it). */
export type CartHandle = Pick<Cart, 'id' | 'ownerId'>;

export type AddOutcome = { status: 'ok' } | { status: 'missing' } | { status: 'over-limit'; inCart: number };

export type RemoveOrderedOutcome = { status: 'removed'; lines: number } | { status: 'already-handled' | 'missing' | 'not-owner' };

export type MergeOutcome = { status: 'merged' | 'nothing-to-merge'; cartId: string } | { status: 'not-a-guest-cart' };

/** How many times a merge is retried when the customer's "latest cart" pointer moves under it. */
const MERGE_ATTEMPTS = 5;

/**
 * Carts in Redis: `cart:{id}` holds metadata (`createdAt`, and `owner` when a signed-in customer created it),
 * `cart:{id}:lines` maps product id to quantity, and `account-cart:{accountId}` names the cart that account
 * created last. Every change is one Lua script (./cart.scripts.ts), so it is atomic.
 */
export class CartStore {
  /** The funnel's sorted set of open carts and its hash of counts. */
  private readonly funnelKeys: [string, string];

  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    /** How long the marker of an applied order event is kept (EVENTS_DEDUP_RETENTION_SECONDS). */
    private readonly orderEventMarkerTtlSeconds: number = ORDER_EVENT_MARKER_TTL_SECONDS,
    /** The prefix of the funnel's keys (a test keeps a funnel of its own). */
    funnelPrefix = 'cart-funnel',
  ) {
    this.funnelKeys = [`${funnelPrefix}:open`, `${funnelPrefix}:counts`];
  }

  /** A new empty cart, bound to `ownerId` when given (a signed-in customer), else a guest cart. */
  async create(ownerId: string | null): Promise<Cart> {
    const id = randomUUID();
    const meta: Record<string, string> = { createdAt: new Date().toISOString() };
    if (ownerId !== null) meta.owner = ownerId;
    const transaction = this.redis.multi().hset(metaKey(id), meta).expire(metaKey(id), this.ttlSeconds);
    if (ownerId !== null) transaction.set(accountCartKey(ownerId), id, 'EX', this.ttlSeconds);
    await pipelineReplies(transaction);
    return { id, lines: [], itemCount: 0, expiresAt: this.expiry(this.ttlSeconds), ownerId };
  }

  /** Adds `quantity` units to a line, atomically, as long as the line stays within `limit` units. */
  async addLine(cart: CartHandle, productId: string, quantity: number, limit: number): Promise<AddOutcome> {
    if (!isCartId(cart.id)) return { status: 'missing' };
    const keys = this.keysOf(cart);
    const [status, inCart] = (await fromRedis(this.redis.eval(ADD_LINE, keys.length, ...keys, productId, quantity, this.ttlSeconds, cart.id, limit))) as [
      number,
      number,
    ];
    if (status === -1) return { status: 'missing' };
    return status === -2 ? { status: 'over-limit', inCart } : { status: 'ok' };
  }

  /** Sets a line's quantity, removing it at 0; false when the cart does not exist. */
  async setLine(cart: CartHandle, productId: string, quantity: number): Promise<boolean> {
    if (!isCartId(cart.id)) return false;
    const keys = this.keysOf(cart);
    return (await fromRedis(this.redis.eval(SET_LINE, keys.length, ...keys, productId, quantity, this.ttlSeconds, cart.id))) !== -1;
  }

  /** Removes every line; false when the cart does not exist. */
  async clear(cart: CartHandle): Promise<boolean> {
    if (!isCartId(cart.id)) return false;
    const keys = this.keysOf(cart);
    return (await fromRedis(this.redis.eval(CLEAR, keys.length, ...keys, '', '', this.ttlSeconds, cart.id))) !== -1;
  }

  /**
   * Removes ordered products from cart `cartId` if `accountId` owns it, at most once per `eventId` (the
   * marker and the removal are one script). A cart that is missing or someone else's is left alone.
   */
  async removeOrdered(eventId: string, cartId: string, accountId: string, productIds: string[]): Promise<RemoveOrderedOutcome> {
    if (!isCartId(cartId)) return { status: 'missing' };
    const keys = [metaKey(cartId), linesKey(cartId), orderEventKey(eventId), ...this.funnelKeys];
    const result = (await fromRedis(
      this.redis.eval(REMOVE_ORDERED, keys.length, ...keys, accountId, this.orderEventMarkerTtlSeconds, cartId, ...productIds),
    )) as number;
    if (result === -1) return { status: 'missing' };
    if (result === -2) return { status: 'already-handled' };
    if (result === -3) return { status: 'not-owner' };
    return { status: 'removed', lines: result };
  }

  /** The product ids in a cart (none for a missing one): what a merge must look up in the catalog. */
  async productIdsIn(cartId: string): Promise<string[]> {
    return isCartId(cartId) ? fromRedis(this.redis.hkeys(linesKey(cartId))) : [];
  }

  /**
   * Merges cart `guestId` into the customer's latest cart (made when they have none), in one script.
   * `caps` maps each product of the guest cart to the most units a merged line may hold (0: no longer sold,
   * the line is dropped); a product missing from it was added meanwhile and is capped at the per-line
   * maximum only. Retries only when the
   * customer's "latest cart" pointer moved between reading it and merging.
   */
  async merge(guestId: string, accountId: string, caps: ReadonlyMap<string, number>): Promise<MergeOutcome> {
    for (let attempt = 0; attempt < MERGE_ATTEMPTS; attempt += 1) {
      const pointer = await fromRedis(this.redis.get(accountCartKey(accountId)));
      const current = pointer !== null && isCartId(pointer) ? await fromRedis(this.redis.exists(metaKey(pointer))) : 0;
      const targetId = current === 1 && pointer !== null ? pointer : randomUUID();
      if (!isCartId(guestId)) return { status: 'nothing-to-merge', cartId: targetId };
      const keys = [metaKey(guestId), linesKey(guestId), metaKey(targetId), linesKey(targetId), accountCartKey(accountId), ...this.funnelKeys];
      const capArgs = [...caps].flatMap(([productId, cap]) => [productId, cap]);
      const result = await fromRedis(
        this.redis.eval(
          MERGE,
          keys.length,
          ...keys,
          guestId,
          targetId,
          accountId,
          this.ttlSeconds,
          pointer ?? '',
          new Date().toISOString(),
          MAX_LINE_QUANTITY,
          ...capArgs,
        ),
      );
      if (result === -3) continue;
      if (result === -4) return { status: 'not-a-guest-cart' };
      return { status: result === 1 ? 'merged' : 'nothing-to-merge', cartId: targetId };
    }
    throw new Error(`The cart of account ${accountId} kept changing during a merge`);
  }

  async findByIds(ids: readonly string[]): Promise<Cart[]> {
    const wanted = ids.filter(isCartId);
    if (wanted.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of wanted) pipeline.ttl(metaKey(id)).hget(metaKey(id), 'owner').hgetall(linesKey(id));
    const replies = await pipelineReplies(pipeline);
    const carts: Cart[] = [];
    wanted.forEach((id, index) => {
      const ttl = replies[index * 3] as number;
      const ownerId = (replies[index * 3 + 1] ?? null) as string | null;
      const lines = (replies[index * 3 + 2] ?? {}) as Record<string, string>;
      if (ttl < 0) return; // -2: missing (or expired)
      const cartLines: CartLine[] = Object.entries(lines)
        .map(([productId, quantity]) => ({ cartId: id, productId, product: { id: productId }, quantity: Number(quantity), ownerId }))
        .sort((a, b) => a.productId.localeCompare(b.productId));
      carts.push({
        id,
        lines: cartLines,
        itemCount: cartLines.reduce((sum, line) => sum + line.quantity, 0),
        expiresAt: this.expiry(ttl),
        ownerId,
      });
    });
    return carts;
  }

  /** The cart this account created last, while it lasts; null when there is none. */
  async latestOwnedBy(accountId: string): Promise<Cart | null> {
    const id = await fromRedis(this.redis.get(accountCartKey(accountId)));
    if (id === null) return null;
    const [cart] = await this.findByIds([id]);
    return cart && cart.ownerId === accountId ? cart : null;
  }

  /**
   * The funnel now: carts that expired with lines are counted as abandoned first (one script: replicas reading at
   * once count each cart once).
   */
  async funnel(): Promise<CartFunnel> {
    const [open, flat] = (await fromRedis(this.redis.eval(FUNNEL_SWEEP, 2, ...this.funnelKeys))) as [number, string[]];
    const stages = Object.fromEntries(FUNNEL_STAGES.map((stage) => [stage, 0])) as Record<FunnelStage, number>;
    for (let i = 0; i < flat.length; i += 2) if ((FUNNEL_STAGES as readonly string[]).includes(flat[i])) stages[flat[i] as FunnelStage] = Number(flat[i + 1]);
    return { open, stages };
  }

  private keysOf(cart: CartHandle): string[] {
    const keys = [metaKey(cart.id), linesKey(cart.id), ...this.funnelKeys];
    return cart.ownerId === null ? keys : [...keys, accountCartKey(cart.ownerId)];
  }

  private expiry(ttlSeconds: number): Date {
    return new Date(Date.now() + ttlSeconds * 1000);
  }
}
