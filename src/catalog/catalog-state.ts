import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { withTimeout } from '../common/with-timeout';
import { ReadRouter } from '../database/read-router';
import type { RedisConnection } from '../redis/redis-connection.factory';
import { REDIS_CLIENT } from '../redis/redis.constants';

// Bump the generation, keep the highest LSN, tell every instance: atomically, in one round trip.
const RECORD_WRITE = `
local generation = redis.call('HINCRBY', KEYS[1], 'generation', 1)
local lsn = tonumber(redis.call('HGET', KEYS[1], 'lsn') or '0')
if tonumber(ARGV[1]) > lsn then redis.call('HSET', KEYS[1], 'lsn', ARGV[1]) end
redis.call('PUBLISH', ARGV[2], generation .. ':' .. ARGV[1])
return generation`;

/**
 * What every catalog read must respect after a write, shared by all instances:
 * - `generation`: part of every cache key, so a write makes every cached catalog answer unreachable at once
 *   (no key scans). One generation for the whole catalog: products and categories show each other (counts,
 *   category filters), and writes are rare next to reads.
 * - `minLsn`: the primary's WAL position after the latest write. Reads go to a replica only once it has
 *   replayed past it (read-your-writes, and no stale answer can be cached under the new generation).
 * Writers update Redis and publish; other instances apply the message. Requests from signed-in callers
 * re-read the shared state first, so a client sees its own write whichever instance it reaches next.
 */
@Injectable()
export class CatalogState implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogState.name);
  private subscriber?: RedisConnection;
  private state = { generation: 0, minLsn: 0n };

  constructor(
    private readonly router: ReadRouter,
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection | null,
    @Inject(redisConfig.KEY) private readonly redisSettings: RedisConfig,
  ) {}

  get generation(): number {
    return this.state.generation;
  }

  get minLsn(): bigint {
    return this.state.minLsn;
  }

  private get key(): string {
    return `${this.redisSettings.keyPrefix}catalog:state`;
  }

  private get channel(): string {
    return `${this.redisSettings.keyPrefix}catalog:changed`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis) return;
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => {
      const [generation, lsn] = message.split(':');
      this.apply(Number(generation), BigInt(lsn));
    });
    await this.subscriber.subscribe(this.channel).catch((error: unknown) => this.logger.warn(`Cannot subscribe to catalog changes: ${String(error)}`));
    await this.refresh();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** Call after a catalog write has committed. */
  async recordWrite(): Promise<void> {
    const lsn = await this.router.primaryLsn();
    if (this.redis) {
      try {
        const generation = (await this.redis.eval(RECORD_WRITE, 1, this.key, lsn.toString(), this.channel)) as number;
        this.apply(generation, lsn);
        return;
      } catch (error) {
        // Other instances then keep serving their cached answers until the TTL ends them.
        this.logger.warn(`Cannot share a catalog change through Redis (${String(error)}); other instances see it when their cache expires`);
      }
    }
    this.apply(this.state.generation + 1, lsn);
  }

  /** Re-reads the shared state (for signed-in callers, who may have written through another instance). */
  async refresh(): Promise<void> {
    if (!this.redis) return;
    try {
      const shared = await withTimeout(this.redis.hmget(this.key, 'generation', 'lsn'), this.redisSettings.commandTimeoutMs);
      this.apply(Number(shared[0] ?? 0), BigInt(shared[1] ?? 0));
    } catch {
      // Redis down: this instance's own view still holds every write made through it.
    }
  }

  private apply(generation: number, minLsn: bigint): void {
    if (generation > this.state.generation) this.state.generation = generation;
    if (minLsn > this.state.minLsn) this.state.minLsn = minLsn;
  }
}
