import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Cart } from '../entities/cart';

/** Most units of one product a cart may hold. */
export const MAX_LINE_QUANTITY = 99;

const metaKey = (id: string) => `cart:${id}`;
const linesKey = (id: string) => `cart:${id}:lines`;
/** The id of the cart an account created last; a prefix of its own, so no cart id can name it. */
const accountCartKey = (accountId: string) => `account-cart:${accountId}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Cart ids are the UUIDs `create` makes; anything else (e.g. "<id>:lines") must not reach a key name. */
const isCartId = (id: string) => UUID.test(id);

// Slides the expiry of the cart's keys, and of its owner's "latest cart" pointer while it points here.
const SLIDE = `
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
if KEYS[3] and redis.call('GET', KEYS[3]) == ARGV[4] then redis.call('EXPIRE', KEYS[3], ARGV[3]) end`;

// Adds to a line only if the cart exists and the line stays within the maximum, and slides the expiry,
// in one atomic step. Returns -1 for a missing cart, -2 over the maximum, else the new quantity.
const ADD_LINE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local quantity = redis.call('HINCRBY', KEYS[2], ARGV[1], ARGV[2])
if quantity > tonumber(ARGV[5]) then
  redis.call('HINCRBY', KEYS[2], ARGV[1], -tonumber(ARGV[2]))
  return -2
end
if quantity <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
${SLIDE}
return quantity`;

// Sets or removes a line (quantity 0) on an existing cart and slides the expiry.
const SET_LINE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if tonumber(ARGV[2]) <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) else redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
${SLIDE}
return 0`;

/** The cart a change applies to: its id, and its owner (whose "latest cart" pointer slides with it). */
export type CartHandle = Pick<Cart, 'id' | 'ownerId'>;

/**
 * Carts in Redis: `cart:{id}` holds metadata (`createdAt`, and `owner` when a signed-in customer created it),
 * `cart:{id}:lines` maps product id to quantity, and `account-cart:{accountId}` names the cart that account
 * created last.
 */
export class CartStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  /** A new empty cart, bound to `ownerId` when given (a signed-in customer), else a guest cart. */
  async create(ownerId: string | null): Promise<Cart> {
    const id = randomUUID();
    const meta: Record<string, string> = { createdAt: new Date().toISOString() };
    if (ownerId !== null) meta.owner = ownerId;
    const transaction = this.redis.multi().hset(metaKey(id), meta).expire(metaKey(id), this.ttlSeconds);
    if (ownerId !== null) transaction.set(accountCartKey(ownerId), id, 'EX', this.ttlSeconds);
    await transaction.exec();
    return { id, lines: [], itemCount: 0, expiresAt: this.expiry(this.ttlSeconds), ownerId };
  }

  /** Adds `quantity` units to a line, atomically; says why when it could not. */
  async addLine(cart: CartHandle, productId: string, quantity: number): Promise<'ok' | 'missing' | 'too-many'> {
    if (!isCartId(cart.id)) return 'missing';
    const keys = this.keysOf(cart);
    const result = await this.redis.eval(ADD_LINE, keys.length, ...keys, productId, quantity, this.ttlSeconds, cart.id, MAX_LINE_QUANTITY);
    return result === -1 ? 'missing' : result === -2 ? 'too-many' : 'ok';
  }

  /** Sets a line's quantity, removing it at 0; false when the cart does not exist. */
  async setLine(cart: CartHandle, productId: string, quantity: number): Promise<boolean> {
    if (!isCartId(cart.id)) return false;
    const keys = this.keysOf(cart);
    const result = await this.redis.eval(SET_LINE, keys.length, ...keys, productId, quantity, this.ttlSeconds, cart.id);
    return result !== -1;
  }

  async findByIds(ids: readonly string[]): Promise<Cart[]> {
    const wanted = ids.filter(isCartId);
    if (wanted.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of wanted) pipeline.ttl(metaKey(id)).hget(metaKey(id), 'owner').hgetall(linesKey(id));
    const replies = (await pipeline.exec()) ?? [];
    const carts: Cart[] = [];
    wanted.forEach((id, index) => {
      const ttl = replies[index * 3]?.[1] as number;
      const ownerId = (replies[index * 3 + 1]?.[1] ?? null) as string | null;
      const lines = (replies[index * 3 + 2]?.[1] ?? {}) as Record<string, string>;
      if (ttl < 0) return; // -2: missing (or expired)
      const cartLines = Object.entries(lines)
        .map(([productId, quantity]) => ({ product: { id: productId }, quantity: Number(quantity), ownerId }))
        .sort((a, b) => a.product.id.localeCompare(b.product.id));
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
    const id = await this.redis.get(accountCartKey(accountId));
    if (id === null) return null;
    const [cart] = await this.findByIds([id]);
    return cart && cart.ownerId === accountId ? cart : null;
  }

  private keysOf(cart: CartHandle): string[] {
    const keys = [metaKey(cart.id), linesKey(cart.id)];
    return cart.ownerId === null ? keys : [...keys, accountCartKey(cart.ownerId)];
  }

  private expiry(ttlSeconds: number): Date {
    return new Date(Date.now() + ttlSeconds * 1000);
  }
}
