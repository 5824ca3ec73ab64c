import { createHash } from 'node:crypto';
import type { RedisConnection } from '../redis/redis-connection.factory';
import type { KeyedLimit, RateLimitRecord, RateLimitStore } from './rate-limit-store';

/**
 * Adds ARGV[1] hits to the window counter KEYS[1] (opening a window of ARGV[2] ms if there is none) and, once the
 * total exceeds the limit ARGV[3], sets the block KEYS[2] for ARGV[4] ms unless one is running. Returns
 * `{ total, ms until the window ends, ms until the block ends or 0 }`. Hits are counted while blocked, as
 * `@nest-lab/throttler-storage-redis` did: a client that keeps hammering through its block finds the next
 * window already spent. One round trip, atomic, both keys in one Cluster slot (hash tag).
 */
export const ADD_HITS_SCRIPT = `
local total = redis.call('INCRBY', KEYS[1], tonumber(ARGV[1]))
local windowLeft = redis.call('PTTL', KEYS[1])
if windowLeft <= 0 then
  windowLeft = tonumber(ARGV[2])
  redis.call('PEXPIRE', KEYS[1], windowLeft)
end
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft <= 0 then
  blockLeft = 0
  if total > tonumber(ARGV[3]) then
    blockLeft = tonumber(ARGV[4])
    redis.call('SET', KEYS[2], 1, 'PX', blockLeft)
  end
end
return { total, windowLeft, blockLeft }
`.trim();

const SCRIPT_SHA = createHash('sha1').update(ADD_HITS_SCRIPT).digest('hex');

/**
 * The counters in Redis, shared by every instance, through the shared client (never closed here). The keys are
 * those `@nest-lab/throttler-storage-redis` used, `{<key>:<policy>}:hits` and `{<key>:<policy>}:blocked`, with the
 * same meaning, so instances of the previous release count along during a rolling deployment.
 */
export class RedisRateLimitStore implements RateLimitStore {
  constructor(private readonly client: RedisConnection) {}

  /** The two Redis keys of a counter; `{…}` is the Cluster hash tag keeping them on one node. */
  static keysOf(key: string, policy: string): [hits: string, blocked: string] {
    return [`{${key}:${policy}}:hits`, `{${key}:${policy}}:blocked`];
  }

  async add({ key, policy, limit, windowMs, blockMs }: KeyedLimit, hits: number): Promise<RateLimitRecord> {
    const [hitsKey, blockedKey] = RedisRateLimitStore.keysOf(key, policy);
    const args = [hitsKey, blockedKey, hits, windowMs, limit, blockMs];
    let reply: unknown;
    try {
      reply = await this.client.evalsha(SCRIPT_SHA, 2, ...args);
    } catch (error) {
      // The script cache is empty after a restart or fail-over: send the script itself once, which caches it.
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      reply = await this.client.eval(ADD_HITS_SCRIPT, 2, ...args);
    }
    if (!Array.isArray(reply) || reply.length !== 3 || !reply.every((value) => typeof value === 'number')) {
      throw new TypeError(`Unexpected rate-limit script reply: ${JSON.stringify(reply)}`);
    }
    const [totalHits, windowResetMs, blockedForMs] = reply as number[];
    return { totalHits, windowResetMs, blockedForMs };
  }
}
