/**
 * The Lua scripts that change the shared catalog state (the hash KEYS[1]: epoch, generation, tl, lsn, reset), each
 * atomically and in one round trip, then publish it and return it as `epoch:generation:tl:lsn:reset` (see
 * catalog-view.ts). LSNs travel as decimal strings: Lua's numbers are doubles, and an LSN is 64 bits.
 */
const HELPERS = `
local function micros(epoch)
  if not epoch or epoch == '' then return -1 end
  return tonumber(string.match(epoch, '^(%d+)-')) or -1
end
-- epoch a began before epoch b ('' or nil: none, before all)
local function older(a, b)
  local ma, mb = micros(a), micros(b)
  if ma ~= mb then return ma < mb end
  return (a or '') < (b or '')
end
-- an epoch that begins now by Redis's clock, and after both given epochs
local function new_epoch(after1, after2, token)
  local now = redis.call('TIME')
  local m = tonumber(now[1]) * 1000000 + tonumber(now[2])
  local floor = math.max(micros(after1), micros(after2))
  if m <= floor then m = floor + 1 end
  return string.format('%.0f', m) .. '-' .. token
end
-- decimal strings without leading zeros
local function greater(a, b)
  if #a ~= #b then return #a > #b end
  return a > b
end
local function state(key)
  local s = redis.call('HMGET', key, 'epoch', 'generation', 'tl', 'lsn', 'reset')
  return (s[1] or '') .. ':' .. (s[2] or '0') .. ':' .. (s[3] or '0') .. ':' .. (s[4] or '0') .. ':' .. (s[5] or '')
end
`;

/**
 * A catalog write (or an instance rejoining): bump the generation, keep the later position, tell every instance.
 * ARGV: the caller's epoch, a random token for a new epoch, the write's timeline and LSN, the channel.
 *
 * A new epoch begins when the hash has none (Redis lost it) or holds one older than the caller's (Redis came back
 * with an older life of the state): its generations then start again from 1, under keys no older one used.
 * Positions follow the timeline rule: a higher timeline replaces both fields, the same timeline keeps the higher
 * LSN, a lower timeline is ignored.
 */
export const RECORD_WRITE = `${HELPERS}
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch or older(epoch, ARGV[1]) then
  epoch = new_epoch(epoch, ARGV[1], ARGV[2])
  redis.call('HSET', KEYS[1], 'epoch', epoch, 'generation', 0)
end
redis.call('HINCRBY', KEYS[1], 'generation', 1)
local tl = tonumber(redis.call('HGET', KEYS[1], 'tl') or '0') or 0
local lsn = redis.call('HGET', KEYS[1], 'lsn') or '0'
local write_tl = tonumber(ARGV[3])
if write_tl > tl or (write_tl == tl and greater(ARGV[4], lsn)) then
  redis.call('HSET', KEYS[1], 'tl', ARGV[3], 'lsn', ARGV[4])
end
local now = state(KEYS[1])
redis.call('PUBLISH', ARGV[5], now)
return now`;

/**
 * Make sure the hash has an epoch no older than the caller's, for a caller that read none (Redis lost it) or an older
 * one: no instance ever caches under a scope without an epoch, or under one that an older life of Redis's data may
 * hold entries for. ARGV: the caller's epoch, a random token for a new epoch, the channel. Returns the state.
 */
export const ENSURE_EPOCH = `${HELPERS}
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if epoch and not older(epoch, ARGV[1]) then return state(KEYS[1]) end
redis.call('HSET', KEYS[1], 'epoch', new_epoch(epoch, ARGV[1], ARGV[2]), 'generation', 0)
local now = state(KEYS[1])
redis.call('PUBLISH', ARGV[3], now)
return now`;

/**
 * Replace a position found ahead of the primary (which no acknowledged write can have): only if the hash is still
 * at the epoch and generation the caller saw before it read the primary's position (a write since would have
 * bumped the generation), start a new epoch that resets the position to the primary's. ARGV: the epoch and
 * generation seen, a random token, the primary's timeline and LSN, the channel. Returns the state either way.
 */
export const RESET_POSITION = `${HELPERS}
local epoch = redis.call('HGET', KEYS[1], 'epoch') or ''
local generation = redis.call('HGET', KEYS[1], 'generation') or '0'
if epoch ~= ARGV[1] or generation ~= ARGV[2] then return state(KEYS[1]) end
local next_epoch = new_epoch(epoch, '', ARGV[3])
redis.call('HSET', KEYS[1], 'epoch', next_epoch, 'generation', 1, 'tl', ARGV[4], 'lsn', ARGV[5], 'reset', next_epoch)
local now = state(KEYS[1])
redis.call('PUBLISH', ARGV[6], now)
return now`;
