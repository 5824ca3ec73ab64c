import dns from 'node:dns';
import { Socket } from 'node:net';
import type { HostLookup, ResolvedAddress } from './target-url';
import { WebhookSender } from './webhook-sender';

/**
 * Nothing here may leave the process: any socket or system DNS resolution fails the test instead of happening.
 * Deliveries that really connect are in test/e2e/webhook-transport.e2e-spec.ts, against loopback receivers.
 */
const connect = jest.spyOn(Socket.prototype, 'connect').mockImplementation(() => {
  throw new Error('this test must not open a connection');
});
const systemLookup = jest.spyOn(dns, 'lookup').mockImplementation(() => {
  throw new Error('this test must not resolve names');
});
const systemPromiseLookup = jest.spyOn(dns.promises, 'lookup').mockImplementation(() => {
  throw new Error('this test must not resolve names');
});

afterAll(() => jest.restoreAllMocks());
beforeEach(() => jest.clearAllMocks());
afterEach(() => {
  expect(systemLookup).not.toHaveBeenCalled();
  expect(systemPromiseLookup).not.toHaveBeenCalled();
});

const answering =
  (addresses: ResolvedAddress[]): HostLookup =>
  async () =>
    addresses;

const sender = new WebhookSender();
const delivery = { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 1_000 };

it('has its guards in place where Node looks them up', () => {
  const actual = jest.requireActual<typeof dns>('node:dns');
  expect(jest.isMockFunction(actual.lookup)).toBe(true);
  expect(jest.isMockFunction(actual.promises.lookup)).toBe(true);
  expect(jest.isMockFunction(jest.requireActual<typeof import('node:net')>('node:net').Socket.prototype.connect)).toBe(true);
});

describe('WebhookSender in production (private targets not allowed)', () => {
  it.each([
    ['https://127.0.0.1/hook'],
    ['https://[::1]/hook'],
    ['https://169.254.169.254/latest/meta-data/'],
    ['https://10.0.0.1/hook'],
    ['https://[::ffff:7f00:1]/hook'],
  ])('refuses %s before opening any connection', async (url) => {
    const result = await sender.send({ ...delivery, url, allowPrivate: false });

    expect(result).toEqual({ outcome: 'failed', error: 'refused target: private-address', latencyMs: expect.any(Number) });
    expect(connect).not.toHaveBeenCalled();
  });

  it('refuses a hostname resolving to loopback before opening any connection', async () => {
    const lookup = jest.fn(answering([{ address: '127.0.0.1', family: 4 }]));

    const result = await sender.send({ ...delivery, url: 'https://receiver.example.test/hook', allowPrivate: false, lookup });

    expect(result.error).toBe('refused target: private-address');
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(connect).not.toHaveBeenCalled();
  });

  it('refuses plain HTTP', async () => {
    const lookup = answering([{ address: '93.184.215.14', family: 4 }]);

    const result = await sender.send({ ...delivery, url: 'http://hooks.example.com/hook', allowPrivate: false, lookup });

    expect(result.error).toBe('refused target: scheme');
    expect(connect).not.toHaveBeenCalled();
  });

  it('reports an unresolvable host', async () => {
    const lookup: HostLookup = () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));

    const result = await sender.send({ ...delivery, url: 'https://gone.example.test/hook', allowPrivate: false, lookup });

    expect(result.error).toBe('refused target: unresolvable');
  });
});

describe('WebhookSender deadline', () => {
  it('counts name resolution against the timeout, and stops waiting for a lookup that never answers', async () => {
    const lookup: HostLookup = () => new Promise(() => undefined);
    const startedAt = Date.now();

    const result = await sender.send({ ...delivery, url: 'https://slow-dns.example.test/', allowPrivate: false, lookup, timeoutMs: 100 });

    expect(result).toEqual({ outcome: 'failed', error: 'timeout', latencyMs: expect.any(Number) });
    expect(result.latencyMs).toBeGreaterThanOrEqual(90);
    expect(Date.now() - startedAt).toBeLessThan(2_100);
    expect(connect).not.toHaveBeenCalled();
  });

  it.each([[{ timeoutMs: 0 }], [{ timeoutMs: Number.NaN }], [{ maxResponseBytes: -1 }], [{ maxResponseBytes: 1.5 }]])(
    'rejects the invalid limits %p',
    async (limits) => {
      await expect(sender.send({ ...delivery, url: 'https://10.0.0.1/', allowPrivate: false, ...limits })).rejects.toThrow(RangeError);
    },
  );
});
