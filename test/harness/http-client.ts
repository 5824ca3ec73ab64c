import { request } from 'node:http';
import { connect } from 'node:net';
import type { IncomingHttpHeaders } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface RawAnswer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * Starts `app` on a free loopback port and returns its base URL. For requests that must reach the HTTP server
 * itself: `app.inject()` hands requests straight to Fastify, past the server's request listener.
 */
export async function listening(app: NestFastifyApplication): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
  return `http://127.0.0.1:${address.port}`;
}

/** A GET over a real connection with exactly `headers` (no encoding or other defaults added), body undecoded. */
export function httpGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(`${baseUrl}${path}`, { method: 'GET', headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * Writes `request` as is on a new connection to `baseUrl` and reads the answer until the server closes the connection (send
 * `Connection: close` when the request is valid HTTP): for
 * requests the HTTP parser refuses, which no HTTP client would send. The answer must carry Content-Length.
 */
export function rawExchange(baseUrl: string, request: string | Buffer): Promise<RawAnswer & { statusLine: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks);
      const end = raw.indexOf('\r\n\r\n');
      if (end === -1) return reject(new Error(`no complete answer: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`));
      const [statusLine, ...fields] = raw.subarray(0, end).toString('latin1').split('\r\n');
      const headers: IncomingHttpHeaders = {};
      for (const field of fields) {
        const colon = field.indexOf(':');
        headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
      }
      const body = raw.subarray(end + 4, end + 4 + Number(headers['content-length'] ?? 0));
      resolve({ statusLine, statusCode: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}
