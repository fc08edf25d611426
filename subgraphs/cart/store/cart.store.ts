import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Cart } from '../entities/cart';

/** Most units of one product a cart may hold. */
export const MAX_LINE_QUANTITY = 99;

const metaKey = (id: string) => `cart:${id}`;
const linesKey = (id: string) => `cart:${id}:lines`;

// Adds to a line only if the cart exists and the line stays within the maximum, and slides both keys'
// expiry, in one atomic step. Returns -1 for a missing cart, -2 over the maximum, else the new quantity.
const ADD_LINE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local quantity = redis.call('HINCRBY', KEYS[2], ARGV[1], ARGV[2])
if quantity > tonumber(ARGV[4]) then
  redis.call('HINCRBY', KEYS[2], ARGV[1], -tonumber(ARGV[2]))
  return -2
end
if quantity <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return quantity`;

// Sets or removes a line (quantity 0) on an existing cart and slides the expiry.
const SET_LINE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if tonumber(ARGV[2]) <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) else redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
return 0`;

/** Carts in Redis: `cart:{id}` holds metadata, `cart:{id}:lines` maps product id to quantity. */
export class CartStore {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
  ) {}

  async create(): Promise<Cart> {
    const id = randomUUID();
    await this.redis.multi().hset(metaKey(id), 'createdAt', new Date().toISOString()).expire(metaKey(id), this.ttlSeconds).exec();
    return { id, lines: [], itemCount: 0, expiresAt: this.expiry(this.ttlSeconds) };
  }

  /** Adds `quantity` units to a line, atomically; says why when it could not. */
  async addLine(id: string, productId: string, quantity: number): Promise<'ok' | 'missing' | 'too-many'> {
    const result = await this.redis.eval(ADD_LINE, 2, metaKey(id), linesKey(id), productId, quantity, this.ttlSeconds, MAX_LINE_QUANTITY);
    return result === -1 ? 'missing' : result === -2 ? 'too-many' : 'ok';
  }

  /** Sets a line's quantity, removing it at 0; false when the cart does not exist. */
  async setLine(id: string, productId: string, quantity: number): Promise<boolean> {
    const result = await this.redis.eval(SET_LINE, 2, metaKey(id), linesKey(id), productId, quantity, this.ttlSeconds);
    return result !== -1;
  }

  async findByIds(ids: readonly string[]): Promise<Cart[]> {
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.ttl(metaKey(id)).hgetall(linesKey(id));
    const replies = (await pipeline.exec()) ?? [];
    const carts: Cart[] = [];
    ids.forEach((id, index) => {
      const ttl = replies[index * 2]?.[1] as number;
      const lines = (replies[index * 2 + 1]?.[1] ?? {}) as Record<string, string>;
      if (ttl < 0) return; // -2: missing (or expired)
      const cartLines = Object.entries(lines)
        .map(([productId, quantity]) => ({ product: { id: productId }, quantity: Number(quantity) }))
        .sort((a, b) => a.product.id.localeCompare(b.product.id));
      carts.push({
        id,
        lines: cartLines,
        itemCount: cartLines.reduce((sum, line) => sum + line.quantity, 0),
        expiresAt: this.expiry(ttl),
      });
    });
    return carts;
  }

  private expiry(ttlSeconds: number): Date {
    return new Date(Date.now() + ttlSeconds * 1000);
  }
}
