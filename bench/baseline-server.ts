import Fastify from 'fastify';

/**
 * The ceiling for a Node HTTP API on this machine: bare Fastify answering from memory, no logging,
 * validation, auth or limits. Every scenario is reported as a ratio to it.
 */
const body = { status: 'ok', data: Array.from({ length: 20 }, (_, index) => ({ id: index, name: `item ${index}` })) };
const app = Fastify({ logger: false });
app.get('/', async () => body);
app.post('/', async () => body);
app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) }).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
