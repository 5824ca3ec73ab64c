import { Logger } from '@nestjs/common';
import { FailOpenStorage, RETRY_AFTER_FAILURE_MS } from './fail-open-storage';
import type { RateLimitStore } from './rate-limit-store';

const RECORD = { totalHits: 1, windowResetMs: 60_000, blockedForMs: 0 };
const LIMIT = { key: 'k', policy: 'global', limit: 10, windowMs: 60_000, blockMs: 60_000 };

describe(FailOpenStorage.name, () => {
  let now: number;
  let add: jest.Mock;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;
  let sut: FailOpenStorage;

  beforeEach(() => {
    now = 1_000_000;
    add = jest.fn().mockResolvedValue(RECORD);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    sut = new FailOpenStorage({ add } as RateLimitStore, 50, () => now);
  });

  afterEach(() => jest.restoreAllMocks());

  const count = () => sut.add(LIMIT, 3);

  it('returns what the storage counted', async () => {
    await expect(count()).resolves.toEqual(RECORD);
    expect(add).toHaveBeenCalledWith(LIMIT, 3);
    expect(sut.failing).toBe(false);
  });

  it('lets requests through when the storage fails, warning once per outage and noting the recovery', async () => {
    add.mockRejectedValue(new Error('Connection is closed.'));
    await expect(count()).resolves.toBeUndefined();
    expect(sut.failing).toBe(true);
    now += RETRY_AFTER_FAILURE_MS;
    await expect(count()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/unavailable \(Connection is closed\.\)/);

    add.mockResolvedValue(RECORD);
    now += RETRY_AFTER_FAILURE_MS;
    await expect(count()).resolves.toEqual(RECORD);
    expect(sut.failing).toBe(false);
    await count();
    expect(log).toHaveBeenCalledTimes(1);

    add.mockRejectedValue(new Error('Command timed out'));
    now += RETRY_AFTER_FAILURE_MS;
    await count();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('does not wait for a storage that hangs, and skips it for a while after a failure', async () => {
    add.mockReturnValue(new Promise(() => undefined));
    const started = Date.now();
    await expect(count()).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(500);

    add.mockClear();
    now += RETRY_AFTER_FAILURE_MS - 1;
    await expect(count()).resolves.toBeUndefined();
    expect(add).not.toHaveBeenCalled();
  });
});
