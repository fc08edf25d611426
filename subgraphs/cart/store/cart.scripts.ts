// Redis Lua scripts: each runs atomically, so concurrent changes to one cart never lose a line.
// Common KEYS: [1] cart:{id} (metadata), [2] cart:{id}:lines (product id -> quantity), [3] and [4] the funnel
// (below), [5] account-cart:{owner} (optional, the owner's "latest cart" pointer).

// Slides the expiry of the cart's keys, and of its owner's "latest cart" pointer while it points here.
// ARGV[3] = ttl seconds, ARGV[4] = cart id.
const SLIDE = `
redis.call('EXPIRE', KEYS[1], ARGV[3])
redis.call('EXPIRE', KEYS[2], ARGV[3])
if KEYS[5] and redis.call('GET', KEYS[5]) == ARGV[4] then redis.call('EXPIRE', KEYS[5], ARGV[3]) end`;

/**
 * The carts' funnel, kept in Redis beside the carts (shared by every replica, unchanged by restarts): a sorted set of
 * the carts that hold lines, scored by when they expire, and a hash of counts of how such a cart's time with lines
 * began and ended: `started` (it got its first line), then one of `ordered` (an order was placed from it), `emptied`
 * (its lines were removed), `merged` (a guest cart merged into the customer's) or `abandoned` (it expired with its
 * lines: counted by the next change of any cart or by FUNNEL_SWEEP, whichever comes first). A cart that gets lines again later starts again.
 * track(open, counts, lines key, cart id, ttl) follows one cart after a change that slid its expiry by ttl.
 */
const TRACK = `
local function track(open, counts, lines, id, ttl)
  local now = tonumber(redis.call('TIME')[1])
  -- Carts that expired since are counted here too, not only when metrics are read: the set stays as small as the
  -- carts alive, also where nothing scrapes the cart service.
  local expired = redis.call('ZREMRANGEBYSCORE', open, '-inf', '(' .. (now - 1))
  if expired > 0 then redis.call('HINCRBY', counts, 'abandoned', expired) end
  if redis.call('EXISTS', lines) == 1 then
    local expires = now + tonumber(ttl)
    if redis.call('ZADD', open, expires, id) == 1 then redis.call('HINCRBY', counts, 'started', 1) end
  elseif redis.call('ZREM', open, id) == 1 then
    redis.call('HINCRBY', counts, 'emptied', 1)
  end
end`;

/**
 * Adds ARGV[2] units of product ARGV[1] if the cart exists and the line stays within ARGV[5] (the smaller
 * of the per-line maximum and the stock). Returns {status, quantity}: status 0 done (quantity = new),
 * -1 missing cart, -2 over the limit (quantity = what the line holds, unchanged).
 */
export const ADD_LINE = `${TRACK}
if redis.call('EXISTS', KEYS[1]) == 0 then return {-1, 0} end
local current = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
local wanted = current + tonumber(ARGV[2])
if wanted > tonumber(ARGV[5]) then return {-2, current} end
redis.call('HSET', KEYS[2], ARGV[1], wanted)
${SLIDE}
track(KEYS[3], KEYS[4], KEYS[2], ARGV[4], ARGV[3])
return {0, wanted}`;

/** Sets line ARGV[1] to ARGV[2] units (0 removes it) on an existing cart. Returns -1 for a missing cart. */
export const SET_LINE = `${TRACK}
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if tonumber(ARGV[2]) <= 0 then redis.call('HDEL', KEYS[2], ARGV[1]) else redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
${SLIDE}
track(KEYS[3], KEYS[4], KEYS[2], ARGV[4], ARGV[3])
return 0`;

/** Removes every line of an existing cart (the cart stays, its expiry slides). Returns -1 for a missing cart. */
export const CLEAR = `${TRACK}
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
redis.call('DEL', KEYS[2])
${SLIDE}
track(KEYS[3], KEYS[4], KEYS[2], ARGV[4], ARGV[3])
return 0`;

/**
 * Merges a guest cart into the signed-in customer's cart, all or nothing.
 * KEYS: [1] guest meta, [2] guest lines, [3] target meta, [4] target lines, [5] the customer's pointer, [6] and [7] the
 * funnel (the guest cart leaves it as merged; the target is followed as after any change).
 * ARGV: [1] guest id, [2] target id, [3] customer account id, [4] ttl, [5] the pointer value the caller
 * read ('' for none), [6] createdAt for a new target, [7] the cap of a product not looked up (a line added
 * to the guest cart after the caller read it, checked against stock when it was added), then pairs
 * (product id, cap): how many units of that product the merged line may hold (min of stock and the
 * per-line maximum; 0 for a product no longer sold, whose guest line is dropped).
 * Strategy: quantities add up, capped; a line the customer already had never shrinks; the guest cart is
 * deleted. Returns 1 merged, 0 nothing to merge (the guest cart is gone: merged before, or expired),
 * -3 the pointer moved meanwhile (the caller retries), -4 the cart belongs to someone else.
 */
export const MERGE = `${TRACK}
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
if redis.call('ZREM', KEYS[6], ARGV[1]) == 1 then redis.call('HINCRBY', KEYS[7], 'merged', 1) end
track(KEYS[6], KEYS[7], KEYS[4], ARGV[2], ARGV[4])
return 1`;

/**
 * Removes the ordered products (ARGV[4..]) from the cart if it belongs to ARGV[1], once per order event.
 * KEYS: [1] cart meta, [2] cart lines, [3] the event's marker, [4] and [5] the funnel. ARGV: [1] account id, [2] marker
 * ttl seconds, [3] the cart id. The marker is set first, in the same script, so a redelivered event can never remove a line the customer
 * added again after the first delivery. The expiry does not slide: this is no customer activity. The order ends the
 * cart's time in the funnel as `ordered` (lines left in it start again only when the customer changes the cart).
 * Returns the number of lines removed, -1 missing cart, -2 event handled before, -3 someone else's cart.
 */
export const REMOVE_ORDERED = `
if not redis.call('SET', KEYS[3], '1', 'NX', 'EX', ARGV[2]) then return -2 end
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return -3 end
local removed = 0
for i = 4, #ARGV do removed = removed + redis.call('HDEL', KEYS[2], ARGV[i]) end
if redis.call('ZREM', KEYS[4], ARGV[3]) == 1 then redis.call('HINCRBY', KEYS[5], 'ordered', 1) end
return removed`;

/**
 * Counts the carts that expired with their lines as `abandoned` and takes them out of the funnel's open carts (a
 * second of slack: a cart's keys expire on the millisecond, its score is in whole seconds). KEYS: [1] open, [2] counts.
 * Returns {carts open now, the counts as a flat hash}.
 */
export const FUNNEL_SWEEP = `
local now = tonumber(redis.call('TIME')[1])
local expired = redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - 1))
if expired > 0 then redis.call('HINCRBY', KEYS[2], 'abandoned', expired) end
return {redis.call('ZCARD', KEYS[1]), redis.call('HGETALL', KEYS[2])}`;
