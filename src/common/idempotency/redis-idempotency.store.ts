import type { RedisConnection } from '../../redis/redis-connection.factory';
import { withTimeout } from '../with-timeout';
import { IdempotencyStore } from './idempotency.store';

// Each script touches one key, so it runs on Redis Cluster too (the key decides the slot).
const CLAIM = `if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return redis.call('GET', KEYS[1])`;
const REPLACE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * Records in the shared Redis, so every instance sees every other's keys. Calls reject (the caller answers 503)
 * when Redis fails or stalls beyond `timeoutMs`.
 */
export class RedisIdempotencyStore extends IdempotencyStore {
  readonly kind = 'Redis (shared by every instance)';

  constructor(
    private readonly redis: RedisConnection,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async claim(key: string, value: string, ttlMs: number): Promise<string | undefined> {
    // One script, so the holder found by GET is the one that made SET NX fail (nothing runs in between).
    const result = await this.eval(CLAIM, key, value, String(ttlMs));
    return result === 1 ? undefined : String(result);
  }

  async replace(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
    return (await this.eval(REPLACE, key, expected, value, String(ttlMs))) === 1;
  }

  async release(key: string, expected: string): Promise<void> {
    await this.eval(RELEASE, key, expected);
  }

  private eval(script: string, key: string, ...args: string[]): Promise<unknown> {
    return withTimeout(this.redis.eval(script, 1, key, ...args) as Promise<unknown>, this.timeoutMs);
  }
}
