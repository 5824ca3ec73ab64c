import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import type { RedisConfig } from '../config/redis.config';
import type { WalPosition } from '../database/lsn';
import type { ReadRouter } from '../database/read-router';
import type { RedisConnection } from '../redis/redis-connection.factory';
import { CatalogState, LEASE_MS } from './catalog-state';
import { ENSURE_EPOCH, RECORD_WRITE } from './catalog-state.scripts';

/** The subscriber connection: its events are what the test makes happen. */
class FakeSubscriber extends EventEmitter {
  status = 'ready';
  readonly subscribe = jest.fn(async () => 1);
  readonly quit = jest.fn(async () => 'OK');
  disconnect = jest.fn();
}

/**
 * A Redis that holds the shared hash and answers RECORD_WRITE like the script (the script itself runs against a real
 * Redis in test/e2e/catalog/shared-state-loss.e2e-spec.ts), or fails every call while `down`.
 */
function fakeRedis(subscriber: FakeSubscriber) {
  const hash = { epoch: '', generation: 0, tl: 0, lsn: 0n, reset: '' };
  const control = { down: false, calls: [] as string[] };
  const answer = () => `${hash.epoch}:${hash.generation}:${hash.tl}:${hash.lsn}:${hash.reset}`;
  const redis = {
    duplicate: () => subscriber,
    hmget: jest.fn(async () => {
      control.calls.push('hmget');
      if (control.down) throw new Error('Connection is closed.');
      return [hash.epoch || null, String(hash.generation), String(hash.tl), String(hash.lsn), hash.reset || null];
    }),
    eval: jest.fn(async (script: string, _keys: number, _key: string, ...args: string[]) => {
      control.calls.push(script === RECORD_WRITE ? 'record-write' : script === ENSURE_EPOCH ? 'ensure-epoch' : 'other-script');
      if (control.down) throw new Error('Connection is closed.');
      const [callerEpoch, token, timeline, lsn] = args;
      // Epochs of the same length compare as text here.
      if (script !== RECORD_WRITE && script !== ENSURE_EPOCH) return answer();
      if (!hash.epoch || hash.epoch < callerEpoch) {
        // As the script: a new epoch begins now, and after the caller's, even within the same microsecond.
        const micros = Math.max(Date.now() * 1000, Number((callerEpoch ?? '').split('-')[0] || 0) + 1);
        Object.assign(hash, { epoch: `${micros}-${token}`, generation: 0 });
      }
      if (script === ENSURE_EPOCH) return answer();
      hash.generation++;
      if (Number(timeline) > hash.tl || (Number(timeline) === hash.tl && BigInt(lsn) > hash.lsn))
        Object.assign(hash, { tl: Number(timeline), lsn: BigInt(lsn) });
      return answer();
    }),
  };
  return { redis: redis as unknown as RedisConnection, eval: redis.eval, hash, control, calls: control.calls };
}

describe(CatalogState.name, () => {
  let subscriber: FakeSubscriber;
  let fake: ReturnType<typeof fakeRedis>;
  let primary: WalPosition;
  let sut: CatalogState;

  beforeEach(async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    subscriber = new FakeSubscriber();
    fake = fakeRedis(subscriber);
    Object.assign(fake.hash, { epoch: '1796000000000000-seed', generation: 5, tl: 1, lsn: 1_000n });
    primary = { timeline: 1, lsn: 2_000n };
    const router = { primaryPosition: jest.fn(async () => primary) } as unknown as ReadRouter;
    sut = new CatalogState(router, fake.redis, { keyPrefix: 'test:', commandTimeoutMs: 100 } as RedisConfig);
    await sut.onModuleInit();
  });

  afterEach(async () => {
    await sut.onApplicationShutdown();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  const until = async (condition: () => boolean) => {
    for (let tries = 0; !condition(); tries++) {
      if (tries > 200) throw new Error('condition not reached');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('trusts its view after reading the shared state at boot, without bumping it', () => {
    expect({ live: sut.live, scope: sut.scope, minLsn: sut.minLsn }).toEqual({ live: true, scope: '1796000000000000-seed:5', minLsn: 1_000n });
    expect(fake.calls).toEqual(['hmget']);
  });

  it('stops trusting at once when the subscription is lost, and bumps the generation before trusting again', async () => {
    subscriber.status = 'reconnecting';
    subscriber.emit('close');
    expect(sut.live).toBe(false);

    subscriber.status = 'ready';
    subscriber.emit('ready');
    await until(() => sut.live);
    // Subscribed again before the bump, and the bump carries the primary's position read then.
    expect(subscriber.subscribe.mock.invocationCallOrder.at(-1)!).toBeLessThan(fake.eval.mock.invocationCallOrder.at(-1)!);
    expect(fake.hash).toMatchObject({ generation: 6, lsn: 2_000n });
    expect({ scope: sut.scope, minLsn: sut.minLsn }).toEqual({ scope: '1796000000000000-seed:6', minLsn: 2_000n });
  });

  it('stops trusting when Redis has not answered within the lease, and rejoins with a bump when it does', async () => {
    fake.control.down = true;
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + LEASE_MS + 1);
    expect(sut.live).toBe(false);
    jest.spyOn(Date, 'now').mockRestore();
    fake.control.down = false;
    await until(() => sut.live);
    expect(fake.calls).toContain('record-write');
  });

  it('acknowledges a write it could not share only after the lease, and shares it as soon as Redis answers', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    fake.control.down = true;
    primary = { timeline: 1, lsn: 3_000n };
    let acknowledged = false;
    const writing = sut.recordWrite().then(() => (acknowledged = true));
    await jest.advanceTimersByTimeAsync(LEASE_MS - 100);
    expect({ acknowledged, live: sut.live, minLsn: sut.minLsn }).toEqual({ acknowledged: false, live: false, minLsn: 3_000n });
    fake.control.down = false;
    await jest.advanceTimersByTimeAsync(200);
    await writing;
    // Shared by the bump of the rejoin that followed.
    expect({ live: sut.live, generation: fake.hash.generation, lsn: fake.hash.lsn }).toEqual({ live: true, generation: 6, lsn: 3_000n });
  });

  it('has Redis start a later epoch when it holds none, or an older one than this view has seen, and stays live', async () => {
    subscriber.emit('message', 'test:catalog:changed', '1796000000000009-newer:2:1:1500:');
    expect(sut.scope).toBe('1796000000000009-newer:2');
    await sut.refresh();
    expect(fake.hash.epoch > '1796000000000009-newer').toBe(true);
    expect({ live: sut.live, scope: sut.scope, minLsn: sut.minLsn }).toEqual({ live: true, scope: `${fake.hash.epoch}:0`, minLsn: 1_500n });

    Object.assign(fake.hash, { epoch: '', generation: 0, tl: 0, lsn: 0n });
    const before = sut.scope;
    await sut.refresh();
    expect(fake.hash.epoch).not.toBe('');
    expect(sut.scope).toBe(`${fake.hash.epoch}:0`);
    expect(sut.scope).not.toBe(before);
    expect(fake.calls.filter((call) => call === 'record-write')).toEqual([]);
  });

  it('reads the primary position for a signed-in caller while the view is not live', async () => {
    subscriber.status = 'reconnecting';
    subscriber.emit('close');
    primary = { timeline: 1, lsn: 4_000n };
    await sut.refresh();
    expect(sut.minLsn).toBe(4_000n);
  });
});
