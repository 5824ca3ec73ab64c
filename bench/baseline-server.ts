import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

/**
 * The ceiling for a Node HTTP API on this machine: bare Fastify answering from memory, no logging, validation,
 * auth or limits. It serves the very bytes of the service's first product page (the file in BENCH_BODY_FILE,
 * fetched once by bench/run.ts), so every scenario's ratio to it compares like with like.
 */
const file = process.env.BENCH_BODY_FILE;
if (!file) {
  process.stderr.write('BENCH_BODY_FILE must name the JSON body to serve\n');
  process.exit(1);
}
const body = readFileSync(file, 'utf8');
const app = Fastify({ logger: false });
app.get('/', async (_request, reply) => reply.header('content-type', 'application/json; charset=utf-8').send(body));
app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) }).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
