// Redis Lua scripts: each runs atomically, so concurrent changes to one cart never lose a line.
// Common KEYS: [1] cart:{id} (metadata), [2] cart:{id}:lines (product id -> quantity),
// [3] account-cart:{owner} (optional, the owner's "latest cart" pointer).

// Slides the expiry of the cart's keys, and of its owner's "latest cart" pointer while it points here.
// ARGV[3] = ttl seconds, ARGV[4] = cart id.
const SLIDE = `
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
if KEYS[3] and redis.call('GET', KEYS[3]) == ARGV[4] then redis.call('EXPIRE', KEYS[3], ARGV[3]) end`;

/**
 * Adds ARGV[2] units of product ARGV[1] if the cart exists and the line stays within ARGV[5] (the smaller
 * of the per-line maximum and the stock). Returns {status, quantity}: status 0 done (quantity = new),
 * -1 missing cart, -2 over the limit (quantity = what the line holds, unchanged).
 */
export const ADD_LINE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, 0} end
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
local wanted = current + tonumber(ARGV[2])
if wanted > tonumber(ARGV[5]) then return {-2, current} end
redis.call('HSET', KEYS[2], ARGV[1], wanted)
${SLIDE}
return {0, wanted}`;

/** Sets line ARGV[1] to ARGV[2] units (0 removes it) on an existing cart. Returns -1 for a missing cart. */
export const SET_LINE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if tonumber(ARGV[2]) <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) else redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
${SLIDE}
return 0`;

/** Removes every line of an existing cart (the cart stays, its expiry slides). Returns -1 for a missing cart. */
export const CLEAR = `
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('DEL', KEYS[2])
${SLIDE}
return 0`;

/**
 * Merges a guest cart into the signed-in customer's cart, all or nothing.
 * KEYS: [1] guest meta, [2] guest lines, [3] target meta, [4] target lines, [5] the customer's pointer.
 * ARGV: [1] guest id, [2] target id, [3] customer account id, [4] ttl, [5] the pointer value the caller
 * read ('' for none), [6] createdAt for a new target, [7] the cap of a product not looked up (a line added
 * to the guest cart after the caller read it, checked against stock when it was added), then pairs
 * (product id, cap): how many units of that product the merged line may hold (min of stock and the
 * per-line maximum; 0 for a product no longer sold, whose guest line is dropped).
 * Strategy: quantities add up, capped; a line the customer already had never shrinks; the guest cart is
 * deleted. Returns 1 merged, 0 nothing to merge (the guest cart is gone: merged before, or expired),
 * -3 the pointer moved meanwhile (the caller retries), -4 the cart belongs to someone else.
 */
export const MERGE = `
local pointer = redis.call('GET', KEYS[5]) or ''
if pointer ~= ARGV[5] then return -3 end
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local owner = redis.call('HGET', KEYS[1], 'owner')
if owner and owner ~= ARGV[3] then return -4 end
if ARGV[1] == ARGV[2] then return 0 end
if redis.call('EXISTS', KEYS[3]) == 0 then
  redis.call('HSET', KEYS[3], 'createdAt', ARGV[6], 'owner', ARGV[3])
end
local caps = {}
for i = 8, #ARGV, 2 do caps[ARGV[i]] = tonumber(ARGV[i + 1]) end
local guest = redis.call('HGETALL', KEYS[2])
for i = 1, #guest, 2 do
  local product = guest[i]
  local cap = caps[product] or tonumber(ARGV[7])
  local had = tonumber(redis.call('HGET', KEYS[4], product) or '0')
  local merged = math.max(had, math.min(had + tonumber(guest[i + 1]), cap))
  if merged > 0 then redis.call('HSET', KEYS[4], product, merged) end
end
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('SET', KEYS[5], ARGV[2], 'EX', ARGV[4])
redis.call('EXPIRE', KEYS[3], ARGV[4])
if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('EXPIRE', KEYS[4], ARGV[4]) end
return 1`;

/**
 * Removes the ordered products (ARGV[3..]) from the cart if it belongs to ARGV[1], once per order event.
 * KEYS: [1] cart meta, [2] cart lines, [3] the event's marker. ARGV: [1] account id, [2] marker ttl seconds.
 * The marker is set first, in the same script, so a redelivered event can never remove a line the customer
 * added again after the first delivery. The expiry does not slide: this is no customer activity.
 * Returns the number of lines removed, -1 missing cart, -2 event handled before, -3 someone else's cart.
 */
export const REMOVE_ORDERED = `
if not redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[2]) then return -2 end
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return -3 end
local removed = 0
for i = 3, #ARGV do removed = removed + redis.call('HDEL', KEYS[2], ARGV[i]) end
return removed`;
