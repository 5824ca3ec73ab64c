import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { redisConfig, type RedisConfig } from '../config/redis.config';
import { withTimeout } from '../common/with-timeout';
import { isLaterPosition, type WalPosition } from '../database/lsn';
import { ReadRouter } from '../database/read-router';
import { gauge } from '../metrics/metric-registry';
import type { RedisConnection } from '../redis/redis-connection.factory';
import { REDIS_CLIENT } from '../redis/redis.constants';
import { ENSURE_EPOCH, RECORD_WRITE, RESET_POSITION } from './catalog-state.scripts';
import { CatalogView, compareEpochs, decodeState, encodeState, stateFrom, type SharedState } from './catalog-view';

/** While the view is live, the shared state is read this often (a heartbeat: it also catches up on anything missed). */
export const HEARTBEAT_MS = 500;
/** A view whose last answer from Redis is older than this (counted from when the call was sent) is not live. */
export const LEASE_MS = 2_000;
/** While the view is not live, rejoining is tried this often (and at once when the subscriber reconnects). */
export const REJOIN_RETRY_MS = 1_000;
/** Every this many heartbeats the position is checked against the primary's (about every 10 s). */
const POSITION_CHECK_EVERY = 20;
/** The most a read of the primary's position may take here; past it, what is known is used. */
const PRIMARY_TIMEOUT_MS = 1_000;

const live = gauge({
  name: 'catalog_cache_live',
  help: "1 while this instance's view of the shared catalog state (Redis) is live and cached catalog answers are served; 0 while the catalog cache is bypassed",
});

/**
 * What every catalog read must respect after a write, shared by all instances through Redis (see {@link CatalogView}
 * for the state and its merge rules):
 * - the cache scope `epoch:generation`, part of every cache key, so a write makes every cached catalog answer
 *   unreachable at once (no key scans), and a Redis that lost its data cannot bring old keys back;
 * - `minLsn`: the primary's WAL position after the latest write. Reads go to a replica only once it has replayed
 *   past it (read-your-writes, and no stale answer can be cached under the new scope).
 *
 * Writers update Redis and publish before they answer; other instances apply the message. Cached answers are
 * trusted only while this instance's view is **live**: its subscription to the changes is up and Redis answered a
 * call sent less than {@link LEASE_MS} ago (the heartbeat keeps that so). While not live the cache is bypassed both
 * ways (see CatalogCache), and when Redis answers again the instance first bumps the shared generation, then trusts
 * the cache: whatever changed meanwhile, a write of its own that could not be shared included, is invalidated on
 * every instance. A write that cannot be shared is acknowledged only once every other instance's lease has run out.
 */
@Injectable()
export class CatalogState implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogState.name);
  private readonly view = new CatalogView();
  private subscriber?: RedisConnection;
  /** The subscription is confirmed since the subscriber last connected. */
  private subscribed = false;
  /** Times the subscriber connection closed: a step that spans a close cannot rely on the subscription. */
  private closes = 0;
  private trusted: boolean;
  /** The view was lost, or not reached at start: the next trust is a return (logged). */
  private lost = false;
  /** When the last call that Redis answered was sent. */
  private lastContactAt = 0;
  /** When a call to Redis first failed since the view was last live. */
  private failingSince?: number;
  /** A write could not be shared, or the view was lost: the next rejoin must bump before the cache is trusted. */
  private needsBump = false;
  private timer?: NodeJS.Timeout;
  private working = false;
  private wakeRequested = false;
  private heartbeats = 0;
  private closed = false;

  constructor(
    private readonly router: ReadRouter,
    @Inject(REDIS_CLIENT) private readonly redis: RedisConnection | null,
    @Inject(redisConfig.KEY) private readonly redisSettings: RedisConfig,
  ) {
    // Without Redis this process is the whole fleet: its own view is the shared one.
    this.trusted = !redis;
  }

  /** A number that changes whenever the cache scope does (each write anywhere), for per-process caches of catalog data. */
  get generation(): number {
    return this.view.changes;
  }

  /** What every cache key starts with: `epoch:generation`. */
  get scope(): string {
    return this.view.scope;
  }

  get minLsn(): bigint {
    return this.view.position.lsn;
  }

  /** The position reads must be past, with its timeline. */
  get position(): WalPosition {
    return this.view.position;
  }

  /** Whether cached catalog answers may be served and stored: this instance's view of the shared state is current. */
  get live(): boolean {
    if (this.trusted && this.redis && Date.now() - this.lastContactAt > LEASE_MS) this.distrust(`no answer from Redis for ${LEASE_MS} ms`);
    return this.trusted;
  }

  private get key(): string {
    return `${this.redisSettings.keyPrefix}catalog:state`;
  }

  private get channel(): string {
    return `${this.redisSettings.keyPrefix}catalog:changed`;
  }

  async onModuleInit(): Promise<void> {
    live.set(this.trusted ? 1 : 0);
    if (!this.redis) return;
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, message: string) => this.view.apply(decodeState(message)));
    this.subscriber.on('close', () => {
      this.closes++;
      this.subscribed = false;
      this.distrust('the subscription to catalog changes was lost');
    });
    // Reconnected (not the first connection: onModuleInit reads the state then).
    this.subscriber.on('ready', () => this.closes > 0 && this.wake());
    // At boot the shared state is read, not bumped: this instance has cached nothing yet and written nothing.
    const closes = this.closes;
    try {
      await this.subscribe();
      await this.readShared();
      if (this.closes === closes) this.trust();
    } catch (error) {
      this.lost = true;
      this.logger.warn(`Catalog cache bypassed: shared state unreachable at start (${messageOf(error)})`);
    }
    this.schedule(this.trusted ? HEARTBEAT_MS : 0);
  }

  onModuleDestroy(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.onModuleDestroy();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** Call after a catalog write has committed, before answering it. */
  async recordWrite(): Promise<void> {
    let position: WalPosition | undefined;
    try {
      position = await this.router.primaryPosition();
      this.view.advance(position);
    } catch (error) {
      this.logger.warn(`Cannot read the primary's WAL position after a catalog write: ${messageOf(error)}`);
    }
    if (!this.redis) {
      this.view.bumpLocally();
      return;
    }
    try {
      await this.share(position ?? this.view.position);
      if (!position) this.distrust("a catalog write's WAL position is unknown");
      // Ahead of this write: another write's, or a position no write can have (see checkPosition).
      else if (isLaterPosition(this.view.position, position)) void this.checkPosition().catch(() => undefined);
      return;
    } catch (error) {
      this.needsBump = true;
      this.distrust(`a catalog write could not be shared: ${messageOf(error)}`);
    }
    // Every other instance's last answer from Redis came from a call sent before Redis stopped answering, which it
    // had when a call first failed here: past their lease none of them trusts its cache any longer, so none can
    // answer from an entry that hides this write. Only then is the write acknowledged; first, one more try to share.
    const wait = Math.max(0, (this.failingSince ?? Date.now()) + LEASE_MS + 50 - Date.now());
    await new Promise((resolve) => setTimeout(resolve, wait));
    if (this.needsBump) await this.rejoin().catch(() => undefined);
  }

  /**
   * Brings this view up to every write acknowledged anywhere before the call (for signed-in callers, who may have
   * written through another instance): re-reads the shared state; when Redis does not answer, or the view is not
   * live, reads the primary's position instead, so reads wait for a replica past everything committed.
   */
  async refresh(): Promise<void> {
    if (!this.redis) return;
    if (this.live) {
      try {
        await this.readShared();
        if (this.live) return;
      } catch {
        // Fall through to the primary.
      }
    }
    try {
      this.view.advance(await withTimeout(this.router.primaryPosition(), PRIMARY_TIMEOUT_MS));
    } catch {
      // The primary does not answer either: no write can be acknowledged now; reads use what is known.
    }
  }

  private async share(position: WalPosition): Promise<void> {
    const token = randomBytes(6).toString('hex');
    const args = [this.view.epoch, token, String(position.timeline), position.lsn.toString(), this.channel];
    await this.call(async () => String(await this.redis!.eval(RECORD_WRITE, 1, this.key, ...args)));
  }

  private async readShared(): Promise<void> {
    const shared = await this.call(async () => encodeState(stateFrom(await this.redis!.hmget(this.key, 'epoch', 'generation', 'tl', 'lsn', 'reset'))));
    // None (Redis lost it), or older than this view's (Redis came back with an older life of its data, whose cache
    // entries may still be there): a later epoch, whose keys no entry has.
    if (!shared.epoch || compareEpochs(shared.epoch, this.view.epoch) < 0) {
      const args = [this.view.epoch, randomBytes(6).toString('hex'), this.channel];
      await this.call(async () => String(await this.redis!.eval(ENSURE_EPOCH, 1, this.key, ...args)));
    }
  }

  /** One call to Redis that answers with the shared state, within the command timeout: applied, and a contact. */
  private async call(work: () => Promise<string>): Promise<SharedState> {
    const sentAt = Date.now();
    let shared: SharedState;
    try {
      shared = decodeState(await withTimeout(work(), this.redisSettings.commandTimeoutMs));
    } catch (error) {
      this.failingSince ??= Date.now();
      throw error;
    }
    this.lastContactAt = Math.max(this.lastContactAt, sentAt);
    this.failingSince = undefined;
    this.view.apply(shared);
    return shared;
  }

  /**
   * A position ahead of the primary's current one belongs to no write acknowledged on this primary's history: Redis
   * kept it from a history the database left (a restore, a failover that lost data), or it is garbage. Left alone it
   * would send every catalog read to the primary for good; it is reset to the primary's position on every instance.
   * The view is captured before the primary is read, so a position reached by a concurrent write is never taken
   * for one ahead, and the reset applies only if no write happened since (its generation is unchanged).
   */
  private async checkPosition(): Promise<void> {
    if (!this.redis || !this.live) return;
    const seen = { epoch: this.view.epoch, generation: this.view.generation, position: this.view.position };
    const primary = await withTimeout(this.router.primaryPosition(), PRIMARY_TIMEOUT_MS);
    if (!isLaterPosition(seen.position, primary)) return;
    const token = randomBytes(6).toString('hex');
    const args = [seen.epoch, String(seen.generation), token, String(primary.timeline), primary.lsn.toString(), this.channel];
    const shared = await this.call(async () => String(await this.redis!.eval(RESET_POSITION, 1, this.key, ...args)));
    if (shared.reset && shared.reset === this.view.reset && shared.position.lsn === primary.lsn) {
      this.logger.warn(`The catalog write position ${format(seen.position)} was ahead of the primary's (${format(primary)}): reset to it on every instance`);
    }
  }

  /** Bumps the shared generation with a fresh position from the primary, then trusts the cache again. */
  private async rejoin(): Promise<void> {
    const closes = this.closes;
    // Set again by a write that fails to be shared meanwhile: the bump below may not cover it.
    this.needsBump = false;
    let position = this.view.position;
    try {
      position = await withTimeout(this.router.primaryPosition(), PRIMARY_TIMEOUT_MS);
      // Also what reads wait for meanwhile: while not live this is refreshed about every second.
      this.view.advance(position);
    } catch {
      // Bump with what is known: the primary acknowledges no write while it does not answer.
    }
    try {
      if (this.subscriber?.status !== 'ready') throw new Error('not connected');
      // Only once the subscription is confirmed: a change published between the bump and it would be missed.
      if (!this.subscribed) await this.subscribe();
      await this.share(position);
    } catch (error) {
      this.needsBump = true;
      throw error;
    }
    if (this.closes === closes && this.subscribed && !this.needsBump) this.trust();
  }

  private async subscribe(): Promise<void> {
    const closes = this.closes;
    await withTimeout(this.subscriber!.subscribe(this.channel), this.redisSettings.commandTimeoutMs);
    if (this.closes === closes) this.subscribed = true;
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.readShared();
      if (++this.heartbeats % POSITION_CHECK_EVERY === 0) await this.checkPosition();
    } catch {
      // Not renewed: the lease runs out unless the next one gets through.
    }
    void this.live;
  }

  private trust(): void {
    if (this.trusted) return;
    this.trusted = true;
    live.set(1);
    if (this.lost) this.logger.log(`Catalog cache trusted again: shared state reachable, generation bumped (scope ${this.view.scope})`);
  }

  private distrust(reason: string): void {
    if (!this.trusted || !this.redis) return;
    this.trusted = false;
    this.lost = true;
    this.needsBump = true;
    live.set(0);
    this.logger.warn(`Catalog cache bypassed: shared state unreachable (${reason})`);
    this.wake();
  }

  private wake(): void {
    if (this.working) this.wakeRequested = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.working || this.closed) return;
    this.working = true;
    try {
      if (this.trusted) await this.heartbeat();
      else await this.rejoin();
    } catch {
      // Tried again at the next tick.
    } finally {
      this.working = false;
    }
    const again = this.wakeRequested && !this.trusted;
    this.wakeRequested = false;
    this.schedule(again ? 0 : this.trusted ? HEARTBEAT_MS : REJOIN_RETRY_MS);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function format(position: WalPosition): string {
  return `timeline ${position.timeline}, LSN ${(position.lsn >> 32n).toString(16).toUpperCase()}/${(position.lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}
