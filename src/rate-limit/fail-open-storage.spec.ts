import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { FailOpenStorage, RETRY_AFTER_FAILURE_MS } from './fail-open-storage';

const RECORD = { totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 };

describe(FailOpenStorage.name, () => {
  let now: number;
  let increment: jest.Mock;
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;
  let sut: FailOpenStorage;

  beforeEach(() => {
    now = 1_000_000;
    increment = jest.fn().mockResolvedValue(RECORD);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    sut = new FailOpenStorage({ increment } as ThrottlerStorage, 50, () => now);
  });

  afterEach(() => jest.restoreAllMocks());

  const count = () => sut.increment('k', 60_000, 10, 60_000, 'global');

  it('returns what the storage counted', async () => {
    await expect(count()).resolves.toEqual(RECORD);
    expect(increment).toHaveBeenCalledWith('k', 60_000, 10, 60_000, 'global');
  });

  it('lets requests through when the storage fails, warning once per outage and noting the recovery', async () => {
    increment.mockRejectedValue(new Error('Connection is closed.'));
    await expect(count()).resolves.toBeUndefined();
    now += RETRY_AFTER_FAILURE_MS;
    await expect(count()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/unavailable \(Connection is closed\.\)/);

    increment.mockResolvedValue(RECORD);
    now += RETRY_AFTER_FAILURE_MS;
    await expect(count()).resolves.toEqual(RECORD);
    await count();
    expect(log).toHaveBeenCalledTimes(1);

    increment.mockRejectedValue(new Error('Command timed out'));
    now += RETRY_AFTER_FAILURE_MS;
    await count();
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('does not wait for a storage that hangs, and skips it for a while after a failure', async () => {
    increment.mockReturnValue(new Promise(() => undefined));
    const started = Date.now();
    await expect(count()).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(500);

    increment.mockClear();
    now += RETRY_AFTER_FAILURE_MS - 1;
    await expect(count()).resolves.toBeUndefined();
    expect(increment).not.toHaveBeenCalled();
  });
});
