import Fastify from 'fastify';
import { clientAddressOf, type TrustProxy } from './client-address';

describe('clientAddressOf', () => {
  const forwarded = [undefined, '203.0.113.9', '198.51.100.7, 203.0.113.9', 'not-an-address, 10.0.0.2'];
  const settings: TrustProxy[] = [false, true, 1, 2, ['127.0.0.1'], ['10.0.0.0/8', 'loopback']];

  it.each(settings)('reads the address Fastify reads as request.ip with trustProxy %j', async (trustProxy) => {
    const ours = clientAddressOf(trustProxy);
    const app = Fastify({ trustProxy });
    app.get('/', (request) => ({ fastify: request.ip, ours: ours(request.raw) }));
    for (const remoteAddress of ['127.0.0.1', '10.1.2.3', '192.0.2.50']) {
      for (const header of forwarded) {
        const answer = (await app.inject({ url: '/', remoteAddress, headers: header ? { 'x-forwarded-for': header } : {} })).json<{
          fastify: string;
          ours: string;
        }>();
        expect({ remoteAddress, header, ours: answer.ours }).toEqual({ remoteAddress, header, ours: answer.fastify });
      }
    }
    await app.close();
  });
});
