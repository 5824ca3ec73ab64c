import { ErrorCode } from '../problem/error-code';
import { type ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, type Observable, of, throwError } from 'rxjs';
import { ProblemException } from '../problem/problem.exception';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { MemoryIdempotencyStore } from './memory-idempotency.store';
import { Idempotent } from './idempotent.decorator';

class Controller {
  @Idempotent()
  create() {
    return undefined;
  }

  plain() {
    return undefined;
  }
}

class FakeReply {
  statusCode = 201;
  readonly sent: Record<string, string> = {};
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  header(name: string, value: string) {
    this.sent[name.toLowerCase()] = value;
    return this;
  }
  headers(values: Record<string, string>) {
    for (const [name, value] of Object.entries(values)) this.header(name, value);
    return this;
  }
  getHeader(name: string) {
    return this.sent[name];
  }
}

function contextFor(handler: keyof Controller, reply: FakeReply, headers: Record<string, string> = { 'idempotency-key': 'k-1' }, body: unknown = { a: 1 }) {
  const request = { headers, body, params: {}, query: {}, ip: '203.0.113.7', method: 'POST', routeOptions: { url: '/api/v1/things' } };
  return {
    getType: () => 'http',
    getHandler: () => Controller.prototype[handler],
    getClass: () => Controller,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
  } as unknown as ExecutionContext;
}

/** A store that fails on the named operations, as Redis does when it is down. */
class FailingStore extends MemoryIdempotencyStore {
  constructor(private readonly failing: Set<'claim' | 'replace' | 'release'>) {
    super();
  }
  override async claim(key: string, value: string, ttlMs: number) {
    if (this.failing.has('claim')) throw new Error('Connection is closed.');
    return super.claim(key, value, ttlMs);
  }
  override async replace(key: string, expected: string, value: string, ttlMs: number) {
    if (this.failing.has('replace')) throw new Error('Command timed out');
    return super.replace(key, expected, value, ttlMs);
  }
  override async release(key: string, expected: string) {
    if (this.failing.has('release')) throw new Error('Command timed out');
    return super.release(key, expected);
  }
}

describe(IdempotencyInterceptor.name, () => {
  const config = { ttlSeconds: 86_400, lockSeconds: 60 };
  let warn: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  const create = (store: MemoryIdempotencyStore) => new IdempotencyInterceptor(new Reflector(), store, config);
  const run = async (sut: IdempotencyInterceptor, context: ExecutionContext, handler: () => Observable<unknown>) => {
    const calls = jest.fn(handler);
    return { result: lastValueFrom(await sut.intercept(context, { handle: calls })), calls };
  };

  it('stores a success and replays it with its status and headers, without calling the handler again', async () => {
    const sut = create(new MemoryIdempotencyStore());
    const first = new FakeReply().header('location', '/api/v1/things/1').header('x-other', 'no');
    expect(await (await run(sut, contextFor('create', first), () => of({ id: 1 }))).result).toEqual({ id: 1 });

    const again = new FakeReply().status(201);
    const { result, calls } = await run(sut, contextFor('create', again), () => of({ id: 2 }));
    expect(await result).toEqual({ id: 1 });
    expect(calls).not.toHaveBeenCalled();
    expect(again.statusCode).toBe(201);
    expect(again.sent).toEqual({ location: '/api/v1/things/1', 'idempotent-replayed': 'true' });
  });

  it('leaves routes without @Idempotent() alone, key or not', async () => {
    const store = new MemoryIdempotencyStore();
    const sut = create(store);
    for (let i = 0; i < 2; i++) {
      const { calls } = await run(sut, contextFor('plain', new FakeReply()), () => of({}));
      expect(calls).toHaveBeenCalledTimes(1);
    }
    expect(store.size).toBe(0);
  });

  it('answers 503 with Retry-After when the store fails, runs nothing, and warns once per outage', async () => {
    const failing = new Set<'claim'>(['claim']);
    const sut = create(new FailingStore(failing));
    for (let i = 0; i < 3; i++) {
      const handle = jest.fn(() => of({}));
      const refused = await sut.intercept(contextFor('create', new FakeReply(), { 'idempotency-key': `k-${i}` }), { handle }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(ProblemException);
      expect((refused as ProblemException).getStatus()).toBe(503);
      expect((refused as ProblemException).code).toBe(ErrorCode.IdempotencyUnavailable);
      expect((refused as ProblemException).problem.headers).toEqual({ 'retry-after': '2' });
      expect(handle).not.toHaveBeenCalled();
    }
    expect(warn).toHaveBeenCalledTimes(1);

    failing.clear();
    const { calls } = await run(sut, contextFor('create', new FakeReply()), () => of({}));
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('still sends a success it could not store, and warns', async () => {
    const sut = create(new FailingStore(new Set(['replace'])));
    const { result } = await run(sut, contextFor('create', new FakeReply()), () => of({ id: 1 }));
    expect(await result).toEqual({ id: 1 });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/not stored \(Command timed out\)/));
  });

  it('passes the handler’s error on when the key cannot be released, and warns', async () => {
    const sut = create(new FailingStore(new Set(['release'])));
    const failure = new Error('boom');
    const { result } = await run(sut, contextFor('create', new FakeReply()), () => throwError(() => failure));
    await expect(result).rejects.toBe(failure);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/not released/));
  });

  it('frees the key after an error status set without throwing', async () => {
    const sut = create(new MemoryIdempotencyStore());
    const reply = new FakeReply().status(422);
    await (
      await run(sut, contextFor('create', reply), () => of({ problem: true }))
    ).result;

    const { calls } = await run(sut, contextFor('create', new FakeReply()), () => of({ id: 1 }));
    expect(calls).toHaveBeenCalledTimes(1);
  });
});
