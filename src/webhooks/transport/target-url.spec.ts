import { checkTargetUrl, type HostLookup, type ResolvedAddress, TargetUrlRefused, type TargetUrlRefusalReason } from './target-url';

/** Answers from a fixed table, so no test sends a DNS query; unknown names fail like NXDOMAIN. */
function fakeLookup(table: Record<string, ResolvedAddress[]>): jest.MockedFunction<HostLookup> {
  return jest.fn(async (hostname: string) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses;
  });
}

const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

const lookup = fakeLookup({
  'hooks.example.com': [v4('93.184.215.14'), v6('2606:2800::1')],
  'loopback.example.test': [v4('127.0.0.1')],
  'rebind.example.test': [v4('93.184.215.14'), v4('10.0.0.7')],
  'metadata.example.test': [v6('::ffff:169.254.169.254')],
  'empty.example.test': [],
  'garbage.example.test': [v4('not an address')],
});

async function refusal(url: string, allowPrivate = false): Promise<TargetUrlRefusalReason> {
  const error: unknown = await checkTargetUrl(url, { allowPrivate, lookup }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof TargetUrlRefused)) throw new Error(`expected ${url} to be refused, got ${String(error)}`);
  return error.reason;
}

beforeEach(() => lookup.mockClear());

describe('checkTargetUrl in production (private targets not allowed)', () => {
  it.each([
    ['https://127.0.0.1/hook'],
    ['https://[::1]/hook'],
    ['https://169.254.169.254/latest/meta-data/'],
    ['https://10.0.0.1/hook'],
    ['https://172.16.5.4/hook'],
    ['https://192.168.1.1/hook'],
    ['https://100.64.0.1/hook'],
    ['https://[::ffff:127.0.0.1]/hook'],
    ['https://[fe80::1]/hook'],
    ['https://0.0.0.0/hook'],
    ['https://0x7f.1/hook'],
    ['https://2130706433/hook'],
    ['https://[64:ff9b::a00:1]/hook'],
  ])('refuses the address literal %s without a DNS query', async (url) => {
    expect(await refusal(url)).toBe('private-address');
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses a hostname that resolves to loopback', async () => {
    expect(await refusal('https://loopback.example.test/hook')).toBe('private-address');
    expect(lookup).toHaveBeenCalledWith('loopback.example.test');
  });

  it('refuses a hostname with one public and one private address, since the connection could use either', async () => {
    expect(await refusal('https://rebind.example.test/hook')).toBe('private-address');
  });

  it('refuses a hostname that resolves to an IPv4-mapped metadata address', async () => {
    expect(await refusal('https://metadata.example.test/hook')).toBe('private-address');
  });

  it('names the host and the offending address in the message', async () => {
    await expect(checkTargetUrl('https://rebind.example.test/hook', { allowPrivate: false, lookup })).rejects.toThrow(
      'target host rebind.example.test resolves to 10.0.0.7, which is not a public address',
    );
  });

  it.each([['http://hooks.example.com/hook'], ['ftp://hooks.example.com/hook'], ['file:///etc/passwd'], ['ws://hooks.example.com/']])(
    'refuses the scheme of %s',
    async (url) => {
      expect(await refusal(url)).toBe('scheme');
      expect(lookup).not.toHaveBeenCalled();
    },
  );

  it.each([['https://user:pass@hooks.example.com/hook'], ['https://user@hooks.example.com/hook'], ['https://:pass@hooks.example.com/hook']])(
    'refuses credentials in %s',
    async (url) => {
      expect(await refusal(url)).toBe('credentials');
    },
  );

  it.each([['not a url'], ['/relative/path'], ['https://'], ['']])('refuses %p as an invalid URL', async (url) => {
    expect(await refusal(url)).toBe('invalid-url');
  });

  it.each([['https://nxdomain.example.test/'], ['https://empty.example.test/'], ['https://garbage.example.test/']])(
    'refuses %s, which gives no usable address',
    async (url) => {
      expect(await refusal(url)).toBe('unresolvable');
    },
  );

  it('accepts a public hostname and returns every resolved address for the connection to pin', async () => {
    const target = await checkTargetUrl('https://hooks.example.com:8443/in?source=catalog', { allowPrivate: false, lookup });

    expect(target.url.href).toBe('https://hooks.example.com:8443/in?source=catalog');
    expect(target.hostname).toBe('hooks.example.com');
    expect(target.addresses).toEqual([v4('93.184.215.14'), v6('2606:2800::1')]);
  });

  it.each([
    ['https://93.184.215.14/hook', v4('93.184.215.14')],
    ['https://[2606:2800::1]/hook', v6('2606:2800::1')],
  ])('accepts the public address literal %s as it is', async (url, address) => {
    const target = await checkTargetUrl(url, { allowPrivate: false, lookup });

    expect(target.addresses).toEqual([address]);
    expect(lookup).not.toHaveBeenCalled();
  });
});

describe('checkTargetUrl in development and tests (private targets allowed)', () => {
  it.each([['http://127.0.0.1:3000/hook'], ['http://[::1]/hook'], ['https://10.0.0.1/hook'], ['http://loopback.example.test/hook']])(
    'accepts %s',
    async (url) => {
      await expect(checkTargetUrl(url, { allowPrivate: true, lookup })).resolves.toMatchObject({ url: new URL(url) });
    },
  );

  it('strips the brackets of an IPv6 literal from the hostname', async () => {
    await expect(checkTargetUrl('http://[::1]:8080/', { allowPrivate: true, lookup })).resolves.toMatchObject({
      hostname: '::1',
      addresses: [v6('::1')],
    });
  });

  it('still refuses credentials, other schemes and hosts that do not resolve', async () => {
    expect(await refusal('http://user:pass@127.0.0.1/', true)).toBe('credentials');
    expect(await refusal('ftp://127.0.0.1/', true)).toBe('scheme');
    expect(await refusal('http://nxdomain.example.test/', true)).toBe('unresolvable');
  });
});
