import dns from 'node:dns';
import { lookup } from 'node:dns/promises';
import { createServer, connect } from 'node:net';
import { checkTargetUrl, TargetUrlRefused } from '../../src/webhooks/transport/target-url';

/** The resolver every spec gets (test/harness/loopback-dns.ts): no DNS query leaves the machine. */
describe('DNS in the test suite', () => {
  it('resolves localhost and IP literals, and nothing else', async () => {
    await expect(lookup('localhost', { family: 4 })).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(lookup('::1', { all: true })).resolves.toEqual([{ address: '::1', family: 6 }]);
    await expect(lookup('example.com')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    const viaCallback = await new Promise((resolve) => dns.lookup('catalog.example.org', (error) => resolve(error)));
    expect(viaCallback).toMatchObject({ code: 'ENOTFOUND' });
  });

  it('is what sockets and the webhook target check use', async () => {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      await new Promise<void>((resolve, reject) => connect({ host: 'localhost', port, family: 4 }, resolve).on('error', reject));
      const refusal = await checkTargetUrl('https://hooks.example.com/catalog', { allowPrivate: false }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(TargetUrlRefused);
      expect((refusal as TargetUrlRefused).reason).toBe('unresolvable');
    } finally {
      server.close();
    }
  });
});
